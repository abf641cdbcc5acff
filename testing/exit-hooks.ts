import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DatabaseConfig } from '../config/types.ts';

/**
 * Test databases still alive when the process ends: dropped on exit, SIGINT and SIGTERM
 * (a killed -9 run leaves them, and the next run drops them as stale). The drop runs in a
 * child process because neither an 'exit' listener nor a signal's last moments can await.
 */
const live = new Map<string, { config: DatabaseConfig; name: string }>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let installed = false;

export function trackDatabase(config: DatabaseConfig, name: string): void {
  live.set(name, { config, name });
  if (!installed) install();
}

export function untrackDatabase(name: string): void {
  live.delete(name);
}

function install(): void {
  installed = true;
  process.once('exit', dropLiveSync);
  for (const signal of SIGNALS) process.once(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  dropLiveSync();
  // With no other listener, do what the signal would have done; a test runner listening decides itself.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function dropLiveSync(): void {
  if (live.size === 0) return;
  const groups = new Map<string, { config: DatabaseConfig; names: string[] }>();
  for (const { config, name } of live.values()) {
    const key = JSON.stringify(config);
    const group = groups.get(key) ?? { config, names: [] };
    group.names.push(name);
    groups.set(key, group);
  }
  live.clear();
  const script = fileURLToPath(new URL(`./drop-databases${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
  spawnSync(process.execPath, [script, JSON.stringify([...groups.values()])], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 20_000 });
}

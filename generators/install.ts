import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageManager } from './detect/project.ts';

export interface InstallOutcome {
  command: string;
  cwd: string;
  ok: boolean;
  status: number | null;
}

/**
 * Runs the project's package manager once the new dependencies are on disk. In a workspace the
 * install runs where the lockfile is (the monorepo root), so the lockfile is updated in place.
 */
export function installDependencies(root: string, app: string, manager: PackageManager): InstallOutcome {
  const cwd = app && !hasLockfile(join(root, app)) && hasLockfile(root) ? root : join(root, app);
  const args = ['install', ...(UPDATE_LOCKFILE[manager] ?? [])];
  // Windows resolves npm/pnpm/yarn through .cmd shims, which only a shell finds.
  const result = spawnSync(manager, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  return { command: `${manager} ${args.join(' ')}`, cwd, ok: result.status === 0, status: result.error ? null : result.status };
}

/** The command that adds one package with the project's package manager, for messages. */
export function addPackageCommand(manager: PackageManager, pkg: string): string {
  return manager === 'npm' ? `npm install ${pkg}` : `${manager} add ${pkg}`;
}

/**
 * farm-db has just changed package.json, so the lockfile must follow: pnpm refuses to when CI is set (its
 * frozen-lockfile default there), which is where farm-db may run too.
 */
const UPDATE_LOCKFILE: Partial<Record<PackageManager, string[]>> = { pnpm: ['--no-frozen-lockfile'] };

const LOCKFILE_NAMES = ['pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'bun.lock', 'package-lock.json'];

function hasLockfile(dir: string): boolean {
  return LOCKFILE_NAMES.some(name => existsSync(join(dir, name)));
}

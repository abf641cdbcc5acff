/**
 * Real copies of the fixture apps to run farm-db on. They live under this repository's
^ * test/.projects, so their own dependencies (express, fastify, @types/*) resolve from
 * here as if installed, and `farm-db` is linked to this package (built once per run).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { removeAtExit } from './temp-dirs.ts';

export const REPO = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
// Not under node_modules: Node refuses to strip types there. Modules still resolve upwards from here.
const WORK = join(REPO, 'test/.projects');
const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
export const FIXTURES = ['express-esm', 'express-cjs-tabs', 'fastify-esm', 'node-http', 'koa-esm', 'seed-monorepo'] as const;
export type Fixture = (typeof FIXTURES)[number];

/** How each fixture app is started, as its own package.json says. */
export const FIXTURE_START: Record<Fixture, { app: string; args: string[]; build?: boolean }> = {
  'express-esm': { app: '', args: ['src/index.ts'] },
  'express-cjs-tabs': { app: '', args: ['-r', './scripts/register-aliases.cjs', 'dist/server.js'], build: true },
  'fastify-esm': { app: '', args: ['src/main.ts'] },
  'node-http': { app: '', args: ['src/server.ts'] },
  'koa-esm': { app: '', args: ['src/app.ts'] },
  'seed-monorepo': { app: 'apps/api', args: ['src/main.ts'] },
};

let built = false;
/**
 * Builds dist/ (what `farm-db` and `farm-db/runtime` resolve to) once per test process; under test/run.ts, which
 * builds it once before its workers start (FARM_RUN_DIST_BUILT), not again while other workers run from it.
 */
export function ensureBuilt(): void {
  if (built || process.env.FARM_RUN_DIST_BUILT) return;
  execFileSync(process.execPath, [TSC, '-p', join(REPO, 'tsconfig.build.json')], { stdio: 'pipe' });
  // The build script's non-TypeScript files (see package.json "build").
  copyFileSync(join(REPO, 'migrations/mongodb/schema.json'), join(REPO, 'dist/migrations/mongodb/schema.json'));
  cpSync(join(REPO, 'dashboard/public'), join(REPO, 'dist/dashboard/public'), { recursive: true });
  execFileSync(process.execPath, [join(REPO, 'build/cjs-declarations.mjs')], { stdio: 'pipe' });
  built = true;
}

export function copyFixture(name: Fixture): string {
  ensureBuilt();
  const dir = join(WORK, `${name}-${randomBytes(4).toString('hex')}`);
  mkdirSync(WORK, { recursive: true });
  cpSync(join(REPO, 'test/fixtures', name), dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(REPO, join(dir, 'node_modules/farm-db'), 'dir');
  return removeAtExit(dir);
}

/** Every file below `dir` (node_modules aside) with its content: a snapshot to compare runs. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (name === 'node_modules') continue;
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/farm.ts` as a user would, with no TTY. */
export function farm(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [join(REPO, 'bin/farm.ts'), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Typechecks a project with its own tsconfig; returns the compiler's output ('' when clean). */
export function typecheck(dir: string): string {
  const result = spawnSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
  return result.status === 0 ? '' : `${result.stdout}${result.stderr}`;
}

/** Compiles a project with its own tsconfig (for apps that run their build output). */
export function compile(dir: string): void {
  execFileSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { stdio: 'pipe' });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

export interface RunningApp {
  port: number;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts an app (`node <args>` in `cwd`) on a free port and waits until it answers HTTP. */
export async function bootApp(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', chunk => (output += chunk));
  child.stderr.on('data', chunk => (output += chunk));
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before listening:\n${output}`);
    try {
      await fetch(`http://127.0.0.1:${port}/health/db`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the app did not answer on port ${port} within 20 s:\n${output}`);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
  return {
    port,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export const exists = existsSync;

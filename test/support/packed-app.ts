/**
 * Fixture apps with farm-db installed as a user installs it: from the tarball `npm pack` makes
 * (npm's prepack builds dist/), into a copy of the fixture in the system temp folder, so nothing
 * resolves from this repository's own node_modules. Every folder made here is removed by cleanup()
 * (withFixture calls it also on failure) and at process exit at the latest.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join, relative } from 'node:path';
import { freePort } from './generated-project.ts';
import { installOnce } from './install-cache.ts';
import { removeTempDir as remove, tempDir } from './temp-dirs.ts';

const REPO = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
/** The test's own Node first on PATH, so the app's scripts run on the Node the suite runs on. */
function envWith(extra: Record<string, string> = {}, binDir?: string): NodeJS.ProcessEnv {
  const path = [binDir, dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter);
  return { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', ...extra, PATH: path };
}

export interface AppRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runIn(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): AppRun {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const timedOut = result.error ? `\n(${result.error.message})` : '';
  return { code: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${timedOut}` };
}

function mustRun(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv): AppRun {
  const result = runIn(cwd, command, args, env);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

let tarball: string | undefined;
/**
 * Packs this repository once per test process; the tarball's path. test/run.ts packs once before its workers start
 * and passes the tarball as FARM_RUN_TARBALL (npm pack rebuilds dist/, which must not happen while other workers
 * run from it).
 */
export function packFarmDb(): string {
  if (process.env.FARM_RUN_TARBALL) return process.env.FARM_RUN_TARBALL;
  if (tarball && existsSync(tarball)) return tarball;
  const destination = tempDir('farm-db-pack-');
  const packed = mustRun(REPO, 'npm', ['pack', '--json', '--pack-destination', destination, '--loglevel=error'], envWith());
  // prepack's build output precedes npm's JSON on stdout: the JSON is the last top-level array.
  const json = packed.stdout.slice(packed.stdout.lastIndexOf('\n[') + 1);
  const [{ filename }] = JSON.parse(json.trimStart().startsWith('[') ? json : packed.stdout) as { filename: string }[];
  tarball = join(destination, filename);
  return tarball;
}

export interface RunningApp {
  port: number;
  get(path: string, opts?: { headers?: Record<string, string> }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  /** Sends the signal (default SIGTERM) and waits for the exit; kills it after timeoutMs (default 15 s). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<AppRun & { signal: string | null }>;
  /** stdout and stderr so far. */
  output(): string;
}

export interface PackedApp {
  /** The app's root: where farm-db was installed and where `farm` runs by default. */
  dir: string;
  /** Runs a command in the app (cwd relative to dir), with the app's node_modules/.bin and this Node first on PATH. */
  run(command: string, args: string[], opts?: { cwd?: string; env?: Record<string, string>; timeoutMs?: number }): AppRun;
  /** `npx farm-db <args>` as a user would, from the installed tarball. */
  farm(args: string[], opts?: { cwd?: string; env?: Record<string, string> }): AppRun;
  /** Starts `npm run <script>`'s command (default 'start') with PORT set to a free port; resolves once the port accepts. */
  start(script?: string, opts?: { cwd?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunningApp>;
  /** Every file below dir (node_modules and .git aside) with its content, to show that a re-run writes nothing. */
  snapshot(): Map<string, string>;
  cleanup(): void;
}

interface FixturePackage {
  packageManager?: string;
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readPackage(dir: string): FixturePackage {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as FixturePackage;
}

function usesPnpm(root: string): boolean {
  return existsSync(join(root, 'pnpm-workspace.yaml')) || /^pnpm@/.test(readPackage(root).packageManager ?? '');
}

/**
 * Copies test/fixtures/<name> to a fresh temp folder and installs it with its own package manager,
 * farm-db from the packed tarball among its devDependencies (in opts.appDir, or the root). An npm install with
 * the same inputs earlier in the run is copied instead (install-cache.ts).
 */
export function installFixture(name: string, opts: { appDir?: string } = {}): PackedApp {
  const source = join(REPO, 'test/fixtures', name);
  if (!existsSync(source)) throw new Error(`no fixture test/fixtures/${name}`);
  const root = join(tempDir(`farm-app-${name}-`), name);
  try {
    cpSync(source, root, { recursive: true });
    const dir = join(root, opts.appDir ?? '');
    const manifest = readPackage(dir);
    manifest.devDependencies = { ...manifest.devDependencies, 'farm-db': `file:${packFarmDb()}` };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const env = envWith();
    // Not pnpm's: its node_modules/.bin shims name the folder they were installed in.
    if (usesPnpm(root)) mustRun(root, 'npx', ['--yes', 'pnpm@9', 'install', '--prefer-offline', '--config.confirmModulesPurge=false'], env);
    else {
      installOnce(root, join(dirname(packFarmDb()), 'installs'), ['npm', relative(root, packFarmDb())], () =>
        mustRun(root, 'npm', ['install', '--prefer-offline', '--loglevel=error'], env));
    }
  } catch (error) {
    remove(dirname(root));
    throw error;
  }
  return packedApp(root, opts.appDir ?? '');
}

function packedApp(root: string, appDir: string): PackedApp {
  const dir = join(root, appDir);
  const bin = (cwd: string) => join(cwd, 'node_modules/.bin');
  const run: PackedApp['run'] = (command, args, opts = {}) => {
    const cwd = join(dir, opts.cwd ?? '');
    return runIn(cwd, command, args, envWith(opts.env, bin(cwd)), opts.timeoutMs);
  };
  return {
    dir,
    run,
    farm(args, opts = {}) {
      const name = existsSync(join(dir, 'node_modules/.bin/farm-db')) ? 'farm-db' : 'farm';
      return run('npx', ['--no-install', name, ...args], opts);
    },
    async start(script = 'start', opts = {}) {
      const cwd = join(dir, opts.cwd ?? '');
      const command = readPackage(cwd).scripts?.[script];
      if (!command) throw new Error(`${relative(root, cwd) || '.'}/package.json has no "${script}" script`);
      const port = await freePort();
      // What npm would run, without npm in between: the signal reaches the app as a process manager sends it.
      const env = envWith({ PORT: String(port), ...opts.env }, bin(cwd));
      return startProcess(cwd, command, env, port, opts.timeoutMs ?? 30_000);
    },
    snapshot: () => snapshotOf(root),
    cleanup: () => remove(dirname(root)),
  };
}

async function startProcess(cwd: string, command: string, env: NodeJS.ProcessEnv, port: number, timeoutMs: number): Promise<RunningApp> {
  const child = spawn('sh', ['-c', `exec ${command}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>(resolve =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`\`${command}\` exited (${child.exitCode ?? child.signalCode}) before listening on ${port}:\n${stdout}${stderr}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`\`${command}\` did not listen on port ${port} within ${timeoutMs} ms:\n${stdout}${stderr}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return {
    port,
    output: () => `${stdout}${stderr}`,
    async get(path, opts = {}) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: opts.headers, redirect: 'manual' });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    },
    async stop(signal = 'SIGTERM', stopTimeoutMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const end = await exited;
      clearTimeout(timer);
      return { ...end, stdout, stderr };
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function snapshotOf(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      if (name === 'node_modules' || name === '.git') continue;
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** Runs fn with a freshly installed fixture and always removes it afterwards, also on failure. */
export async function withFixture(name: string, fn: (app: PackedApp) => Promise<void>, opts: { appDir?: string } = {}): Promise<void> {
  const app = installFixture(name, opts);
  try {
    await fn(app);
  } finally {
    app.cleanup();
  }
}

/**
 * Fixture installs shared within one run: several suites install the same fixture with the same package.json and
 * the same tarball (each framework boot on SQLite, PostgreSQL and MariaDB, say). The first install runs as before
 * in the test's own folder and is then copied to a cache beside the tarball; a later install with identical inputs
 * gets a copy of that result (cp -a, so every test still has a node_modules of its own that nothing else sees).
 * The cache lives in the tarball's folder, which the runner (or packFarmDb's temp folder) removes at the end.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A digest of every file below root (node_modules aside) and of the extra inputs the install depends on. */
function digestOf(root: string, inputs: string[]): string {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(`${input}\0`);
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      if (name === 'node_modules') continue;
      const full = join(folder, name);
      hash.update(`${relative(root, full)}\0`);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(readFileSync(full));
    }
  };
  walk(root);
  return hash.digest('hex').slice(0, 32);
}

/** cp -a keeps the relative symlinks of node_modules/.bin (and pnpm's) as they are; Node's cpSync would resolve them. */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  const result = spawnSync('cp', ['-a', `${from}/.`, to], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cp -a ${from} ${to} failed (exit ${result.status}): ${result.stderr}`);
}

/**
 * Runs install() in root unless an install of the same files and inputs is cached in cacheDir, in which case
 * root gets a copy of it. `inputs` must name everything else the result depends on (the tarball, the package
 * manager, root's path relative to the tarball: npm's lockfile records file: dependencies relative to the app).
 */
export function installOnce(root: string, cacheDir: string, inputs: string[], install: () => void): void {
  const cached = join(cacheDir, digestOf(root, [process.version, ...inputs]));
  const lock = `${cached}.lock`;
  const locked = !existsSync(cached) && (takeLock(lock) || waitForInstall(cached, lock));
  try {
    if (existsSync(cached)) return copyTree(cached, root);
    install();
    // Made whole under a name of its own, then renamed: another worker sees a complete install or none.
    const staging = `${cached}.${process.pid}`;
    try {
      copyTree(root, staging);
      renameSync(staging, cached);
    } catch {
      // Another worker cached the same install first (or the copy failed): this test has its install either way.
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    if (locked) rmSync(lock, { recursive: true, force: true });
  }
}

/** mkdir is atomic: whoever makes the lock folder installs; it holds the installer's pid. */
function takeLock(lock: string): boolean {
  mkdirSync(dirname(lock), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    return false;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Waits while another worker installs the same thing: false once its install is cached, true when this process
 * got the lock after all (the other failed or died); after 10 minutes false, and this one installs unlocked.
 */
function waitForInstall(cached: string, lock: string): boolean {
  const deadline = Date.now() + 600_000;
  while (!existsSync(cached) && Date.now() < deadline) {
    const pid = Number(existsSync(join(lock, 'pid')) ? readFileSync(join(lock, 'pid'), 'utf8') : NaN);
    if (pid && !alive(pid)) rmSync(lock, { recursive: true, force: true });
    if (takeLock(lock)) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
  return false;
}

/**
 * Runs every test/**\/*.test.ts with uvu and ends with the plain line `N passed, N failed[, N skipped]` that CI
 * counts. Extra arguments narrow the files: `npm test -- monitoring` runs the files whose path matches "monitoring".
 * (`npm test` runs test/preflight.cjs first: on a Node too old for this file it says so.)
 *
 * Files run in parallel workers (test/worker.ts; FARM_RUN_WORKERS, default: the machine's cores; FARM_RUN_* are the
 * runner's own settings, not the FARM_TEST_* switches of gated suites), each file whole
 * in one worker, slowest first as test/timings.json last measured them, so that the run ends about when its longest
 * file does. Much of the suite waits on npm installs, servers and child processes, not on this CPU. A file's output
 * is printed in one piece when it ends. A worker that dies mid-file fails that file, and a new worker takes the rest.
 *
 * The tests get a temp folder of their own (TMPDIR), so that what they leave behind is theirs alone (other runs on
 * the machine use the system one): any farm-* entry left in it fails the run, and the folder is removed afterwards.
 * While the workers start on the files that need neither, it builds dist/ and packs the tarball the boot suites
 * install (FARM_RUN_TARBALL); the files that do are handed out once both are there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const testDir = new URL('.', import.meta.url).pathname;
const timingsFile = join(testDir, 'timings.json');
const filter = process.argv[2];
const pattern = new RegExp(filter ? `${filter}.*\\.test\\.ts$` : '\\.test\\.ts$', 'i');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'node_modules' ? [] : testFiles(path);
    return pattern.test(relative(testDir, path)) ? [path] : [];
  });
}

/** Seconds each file took when timings were last recorded; a file not in it is run first, as if it were slow. */
function recordedSeconds(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(timingsFile, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

const seconds = recordedSeconds();
const queue = testFiles(testDir)
  .map(file => ({ name: relative(testDir, file), file }))
  .sort((a, b) => (seconds[b.name] ?? Infinity) - (seconds[a.name] ?? Infinity) || a.name.localeCompare(b.name));
if (queue.length === 0) {
  console.log(`no test file's path matches ${pattern} (npm test -- <part of a path under test/>)\n0 passed, 1 failed`);
  process.exit(1);
}
const needs = new Map(queue.map(item => [item.file, needsBuild(item.file)]));
const workerCount = Math.max(1, Math.min(queue.length, Number(process.env.FARM_RUN_WORKERS) || availableParallelism()));
const testTmp = mkdtempSync(join(tmpdir(), 'farm-test-run-'));
const sharedDir = join(testTmp, 'tarball');
mkdirSync(sharedDir);

const workers = new Set<ChildProcess>();

/** npm's stdout; on a failure the run ends at once (its workers stopped), as nothing that needs the build can run. */
function npm(args: string[]): Promise<string> {
  return new Promise(resolve => {
    const npmEnv = { ...process.env, TMPDIR: testTmp };
    const child = spawn('npm', args, { cwd: join(testDir, '..'), env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', code => {
      if (code === 0) return resolve(stdout);
      console.log(`npm ${args.join(' ')} failed (exit ${code}):\n${stdout}\n${stderr}\n0 passed, 1 failed`);
      for (const worker of workers) worker.kill('SIGKILL');
      rmSync(testTmp, { recursive: true, force: true });
      process.exit(1);
    });
  });
}

/**
 * Builds dist/ and packs it once: the suites that run a generated app against dist/ or install the tarball then
 * share these, and nothing rebuilds dist/ while another worker runs from it (none of those starts before).
 */
async function buildAndPack(): Promise<Record<string, string>> {
  await npm(['run', 'build', '--silent']);
  const packed = JSON.parse(await npm(['pack', '--ignore-scripts', '--json', '--loglevel=error', '--pack-destination', sharedDir])) as
    { filename: string }[];
  return { FARM_RUN_TARBALL: join(sharedDir, packed[0].filename), FARM_RUN_DIST_BUILT: '1' };
}

/** Whether a file, or a file it imports from test/, uses dist/ or the tarball (through these two support files). */
function needsBuild(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  if (/support\/(generated-project|packed-app)\.ts$/.test(file)) return true;
  const source = readFileSync(file, 'utf8');
  const imports = [...source.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)].map(match => join(dirname(file), match[1]));
  return imports.some(path => path.startsWith(testDir) && needsBuild(path, seen));
}

const env = { ...process.env, TMPDIR: testTmp, FORCE_COLOR: process.env.NO_COLOR ? '' : '1' };
/** What the files that need the build get in their environment, once it is there. */
let built: Record<string, string> | undefined;
const building = [...needs.values()].some(Boolean) ? buildAndPack().then(vars => (built = vars)) : Promise.resolve(undefined);

interface FileResult {
  name: string;
  total: number;
  passed: number;
  skipped: number;
  ms: number;
}
const results: FileResult[] = [];
const DONE = '\0farm-file-done ';

/** Starts a worker that takes files from the queue until it is empty; resolves when the worker has exited. */
function startWorker(): Promise<void> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [join(testDir, 'worker.ts')], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env, cwd: join(testDir, '..') });
    workers.add(child);
    let current: { name: string; started: number } | undefined;
    let output = '';
    const next = () => {
      current = undefined;
      if (!child.connected) return;
      // The slowest file this worker can run now: until the build is there, one that does not need it.
      const at = queue.findIndex(item => built || !needs.get(item.file));
      if (at < 0 && queue.length > 0) return void building.then(next);
      const item = queue.splice(at, 1)[0];
      if (!item) {
        child.send('end');
        return;
      }
      current = { name: item.name, started: Date.now() };
      child.send([item.name, item.file, built ?? {}]);
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      let at: number;
      while ((at = output.indexOf(DONE)) >= 0) {
        const end = output.indexOf('\n', at);
        if (end < 0) break;
        process.stdout.write(output.slice(0, at));
        results.push(JSON.parse(output.slice(at + DONE.length, end)) as FileResult);
        output = output.slice(end + 1);
        next();
      }
    });
    child.on('close', (code, signal) => {
      workers.delete(child);
      if (current) {
        process.stdout.write(output);
        console.log(`\n${current.name}: its worker exited in the middle of it (exit code ${code}${signal ? `, ${signal}` : ''})`);
        results.push({ name: current.name, total: 1, passed: 0, skipped: 0, ms: Date.now() - current.started });
        resolve(startWorker());
        return;
      }
      resolve();
    });
    next();
  });
}

/** The farm-* entries the tests left in their temp folder (the runner's own shared folder aside). */
function leftInTmp(): string[] {
  try {
    return readdirSync(testTmp).filter(name => name.startsWith('farm-'));
  } finally {
    rmSync(testTmp, { recursive: true, force: true });
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: workerCount }, () => startWorker()));

const total = results.reduce((sum, r) => sum + r.total, 0);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const skipped = results.reduce((sum, r) => sum + r.skipped, 0);
const left = leftInTmp();
const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 8);
console.log(`\n${results.length} files in ${Math.round((Date.now() - started) / 1000)} s on ${workerCount} workers; slowest:`);
for (const r of slowest) console.log(`  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.name}`);
if (process.env.FARM_RUN_RECORD_TIMINGS && !filter) {
  const timings = Object.fromEntries(results.map(r => [r.name, Math.round(r.ms / 100) / 10]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  writeFileSync(timingsFile, `${JSON.stringify(timings, null, 2)}\n`);
}
if (left.length > 0) {
  console.log(`\nthe tests left ${left.length} temp folder(s) behind (every test removes what it makes, also on failure):`);
  for (const name of left) console.log(`  ${name}`);
}
const failed = total - passed + (left.length > 0 ? 1 : 0);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);

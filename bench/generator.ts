/**
 * `npm run bench:generator`: how long `farm db add --type sqlite --yes --skip-install` takes on an
 * existing repo, cold and re-run (nothing to change), beside a plop generator that only adds one
 * templated file, on synthetic repos of 20 and 2,000 TypeScript files. Every run is a fresh
 * process of the built CLI, as a user would start it (Node's compile cache warm, as after a first
 * use); runs are interleaved and the median of each is used.
 * Each child also reports its own CPU time (bench/cpu-at-exit.ts), printed beside the wall times.
 * Options: --runs N (7).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO, ensureBuilt } from '../test/support/generated-project.ts';

const RUNS = Number(parseArgs({ options: { runs: { type: 'string', default: '7' } } }).values.runs);
const PLOP = join(REPO, 'node_modules/plop/bin/plop.js');
// What users run: the built CLI (`bin` in package.json), not the sources Node would type-strip each time.
const FARM = join(REPO, 'dist/bin/farm.js');

/** examples/api plus `files - 2` feature modules importing each other, like a grown codebase. */
function syntheticRepo(files: number): string {
  const dir = mkdtempSync(join(tmpdir(), `farm-bench-${files}-`));
  cpSync(join(REPO, 'examples/api'), dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules/farm-db'), 'dir');
  for (let i = 0; i < files - 2; i++) {
    const folder = join(dir, 'src/features', `f${Math.floor(i / 50)}`);
    mkdirSync(folder, { recursive: true });
    const previous = i % 50 === 0 ? '' : `import { value${i - 1} } from './m${i - 1}.ts';\n`;
    writeFileSync(join(folder, `m${i}.ts`), `${previous}\nexport const value${i} = ${i};\n\nexport function compute${i}(input: number): number {\n  return input * ${i} + ${previous ? `value${i - 1}` : '0'};\n}\n`);
  }
  return dir;
}

const CPU_AT_EXIT = join(REPO, 'bench/cpu-at-exit.ts');
/** The CPU time (ms) each run's process reported, by variant: steadier than wall time on a busy machine. */
const cpu: Record<string, number[]> = {};

function time(command: string[], cwd: string, name: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...command], { cwd, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command.join(' ')} failed (${run.status}):\n${run.stderr}`);
  const reported = /BENCH_CPU_US (\d+)/.exec(run.stderr)?.[1];
  if (reported) (cpu[name] ??= []).push(Number(reported) / 1000);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const results: Record<string, number[]> = {};
const record = (name: string, command: string[], cwd: string) => (results[name] ??= []).push(time(command, cwd, name));

ensureBuilt();
console.log(`generator benchmark: ${RUNS} interleaved runs of each, fresh repo copies, cold processes (dist/bin/farm.js)`);
const templates = { 20: syntheticRepo(20), 2000: syntheticRepo(2000) };
for (let run = 0; run < RUNS; run++) {
  for (const [size, template] of Object.entries(templates)) {
    const plopCopy = mkdtempSync(join(tmpdir(), 'farm-bench-plop-'));
    cpSync(template, plopCopy, { recursive: true, verbatimSymlinks: true });
    record(`plop one file (${size} files)`, [PLOP, '--plopfile', join(REPO, 'bench/one-file-plopfile.ts'), '--dest', plopCopy, 'one', `item ${run}`], plopCopy);
    const farmCopy = mkdtempSync(join(tmpdir(), 'farm-bench-farm-'));
    cpSync(template, farmCopy, { recursive: true, verbatimSymlinks: true });
    record(`farm db add (${size} files)`, [FARM, 'db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], farmCopy);
    record(`farm db add re-run (${size} files)`, [FARM, 'db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], farmCopy);
    rmSync(plopCopy, { recursive: true, force: true });
    rmSync(farmCopy, { recursive: true, force: true });
  }
}

console.log('\nmedian wall time per run:');
for (const [name, values] of Object.entries(results)) console.log(`  ${name.padEnd(32)} ${median(values).toFixed(0).padStart(6)} ms`);
const m = (name: string) => median(results[name]!);
const line = (label: string, value: number, target: number) =>
  console.log(`  ${label.padEnd(44)} ${value.toFixed(3)}x   target ≤ ${target}x  ${value <= target ? 'met' : 'MISSED'}`);
console.log('\nratios:');
for (const size of ['20', '2000']) {
  line(`full run / plop one file (${size} files)`, m(`farm db add (${size} files)`) / m(`plop one file (${size} files)`), 1.5);
  line(`re-run / plop one file (${size} files)`, m(`farm db add re-run (${size} files)`) / m(`plop one file (${size} files)`), 1.2);
}
line('full run, 2,000 files / 20 files', m('farm db add (2000 files)') / m('farm db add (20 files)'), 1.15);
// The issue's target for a cold run is ≤ 1.0x plop; CPU time shows it without the machine's other load.
console.log(`\nmedian CPU time per run (each process's own user + system):`);
for (const [name, values] of Object.entries(cpu)) console.log(`  ${name.padEnd(32)} ${median(values).toFixed(0).padStart(6)} ms`);
const c = (name: string) => median(cpu[name] ?? [Number.NaN]);
console.log('\nCPU ratios:');
for (const size of ['20', '2000']) {
  line(`full run / plop one file, CPU (${size} files)`, c(`farm db add (${size} files)`) / c(`plop one file (${size} files)`), 1.0);
  line(`wall: full run / plop one file (${size} files)`, m(`farm db add (${size} files)`) / m(`plop one file (${size} files)`), 1.0);
}
for (const dir of Object.values(templates)) rmSync(dir, { recursive: true, force: true });

/**
 * Runs every test/**\/*.test.ts with uvu in one process and ends with the plain line
 * `N passed, N failed[, N skipped]` that CI counts. Extra arguments narrow the files:
 * `npm test -- monitoring` runs the files whose path matches "monitoring".
 * (`npm test` runs test/preflight.cjs first: on a Node too old for this file it says so.)
 *
 * The tests get a temp folder of their own (TMPDIR), so that what they leave behind is theirs alone (other
 * runs on the machine use the system one): any farm-* entry left in it fails the run, and the folder is
 * removed afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// uvu's exports map hides its CLI; it sits one folder above the main entry (dist/).
const uvuBin = join(dirname(createRequire(import.meta.url).resolve('uvu')), '..', 'bin.js');
const filter = process.argv[2];
const pattern = filter ? `${filter}.*\\.test\\.ts$` : '\\.test\\.ts$';
const testTmp = mkdtempSync(join(tmpdir(), 'farm-test-run-'));
const child = spawn(process.execPath, [uvuBin, 'test', pattern], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: testTmp } });

let output = '';
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  output += chunk.toString();
});

/** The farm-* entries the tests left in their temp folder. */
function leftInTmp(): string[] {
  try {
    return readdirSync(testTmp).filter(name => name.startsWith('farm-'));
  } finally {
    rmSync(testTmp, { recursive: true, force: true });
  }
}

child.on('close', code => {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? NaN);
  const total = count('Total');
  const passed = count('Passed');
  const skipped = count('Skipped') || 0;
  const left = leftInTmp();
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log(`\nthe test run ended without a summary (exit code ${code})`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  if (left.length > 0) {
    console.log(`\nthe tests left ${left.length} temp folder(s) behind (every test removes what it makes, also on failure):`);
    for (const name of left) console.log(`  ${name}`);
  }
  const failed = total - passed + (left.length > 0 ? 1 : 0);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 || code !== 0 ? 1 : 0);
});

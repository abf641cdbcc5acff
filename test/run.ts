/**
 * Runs every test/**\/*.test.ts with uvu in one process and ends with the plain line
 * `N passed, N failed[, N skipped]` that CI counts. Extra arguments narrow the files:
 * `npm test -- monitoring` runs the files whose path matches "monitoring".
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// uvu's exports map hides its CLI; it sits one folder above the main entry (dist/).
const uvuBin = join(dirname(createRequire(import.meta.url).resolve('uvu')), '..', 'bin.js');
const filter = process.argv[2];
const pattern = filter ? `${filter}.*\\.test\\.ts$` : '\\.test\\.ts$';
const child = spawn(process.execPath, [uvuBin, 'test', pattern], { stdio: ['ignore', 'pipe', 'inherit'] });

let output = '';
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  output += chunk.toString();
});

child.on('close', code => {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? NaN);
  const total = count('Total');
  const passed = count('Passed');
  const skipped = count('Skipped') || 0;
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log(`\nthe test run ended without a summary (exit code ${code})`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const failed = total - passed;
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 || code !== 0 ? 1 : 0);
});

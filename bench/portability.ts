/**
 * `npm run bench:portability`: rows of five columns and a foreign key moved SQLite → PostgreSQL
 * and PostgreSQL → MariaDB by farm-db's transfer (the path of `farm db switch --migrate` and
 * `farm db import`), beside a hand-written COPY FROM STDIN of the same rows into PostgreSQL in
 * the same run. Each step runs in its own process, so its peak RSS is its own.
 * Options: --sizes 100000,1000000
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mariadbTarget, postgresTarget } from '../test/support/databases.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' } } });
const sizes = values.sizes.split(',').map(Number);
const WORKER = new URL('./portability-worker.ts', import.meta.url).pathname;

interface Step {
  rows: number;
  ms: number;
  maxRssMb: number;
}

function step(...args: string[]): Step {
  return JSON.parse(execFileSync(process.execPath, [WORKER, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1)!);
}

const rate = (s: Step) => Math.round(s.rows / (s.ms / 1000));
const results: { size: number; farmToPg: Step; rawCopy: Step; pgToMariadb: Step }[] = [];

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'farm-bench-'));
  const file = join(dir, 'source.db');
  const [pgFarm, pgRaw, maria] = [await postgresTarget.create(), await postgresTarget.create(), await mariadbTarget.create()];
  try {
    console.error(`${size} rows: seeding SQLite…`);
    step('seed', file, String(size));
    console.error(`${size} rows: SQLite → PostgreSQL (farm-db)…`);
    const farmToPg = step('transfer', JSON.stringify({ type: 'sqlite', url: `file:${file}` }), JSON.stringify(pgFarm.config));
    console.error(`${size} rows: SQLite → PostgreSQL (raw COPY)…`);
    const rawCopy = step('copy', file, String(pgRaw.config.url));
    console.error(`${size} rows: PostgreSQL → MariaDB (farm-db)…`);
    const pgToMariadb = step('transfer', JSON.stringify(pgFarm.config), JSON.stringify(maria.config));
    if (farmToPg.rows !== size || rawCopy.rows !== size || pgToMariadb.rows !== size) throw new Error(`row counts differ: ${JSON.stringify({ farmToPg, rawCopy, pgToMariadb })}`);
    results.push({ size, farmToPg, rawCopy, pgToMariadb });
  } finally {
    await Promise.all([pgFarm.drop(), pgRaw.drop(), maria.drop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log('\nrows       step                          rows/s    peak RSS');
for (const r of results) {
  console.log(`${String(r.size).padEnd(10)} SQLite → PostgreSQL (farm-db)  ${String(rate(r.farmToPg)).padStart(8)}  ${String(r.farmToPg.maxRssMb).padStart(5)} MB`);
  console.log(`${String(r.size).padEnd(10)} SQLite → PostgreSQL (raw COPY) ${String(rate(r.rawCopy)).padStart(8)}  ${String(r.rawCopy.maxRssMb).padStart(5)} MB`);
  console.log(`${String(r.size).padEnd(10)} PostgreSQL → MariaDB (farm-db) ${String(rate(r.pgToMariadb)).padStart(8)}  ${String(r.pgToMariadb.maxRssMb).padStart(5)} MB`);
}
console.log('');
for (const r of results) {
  console.log(`${r.size} rows: into PostgreSQL ${(rate(r.farmToPg) / rate(r.rawCopy)).toFixed(2)}x raw COPY (target ≥ 0.50x)`);
}
const peaks = results.flatMap(r => [r.farmToPg.maxRssMb, r.pgToMariadb.maxRssMb]);
console.log(`peak RSS of farm-db transfers: ${Math.max(...peaks)} MB (target ≤ 300 MB)${results.length > 1 ? `; ${results[0]!.size} → ${results.at(-1)!.size} rows: ${results[0]!.farmToPg.maxRssMb} → ${results.at(-1)!.farmToPg.maxRssMb} MB (SQLite → PostgreSQL), ${results[0]!.pgToMariadb.maxRssMb} → ${results.at(-1)!.pgToMariadb.maxRssMb} MB (PostgreSQL → MariaDB)` : ''}`);

/**
 * `npm run bench:portability`: rows of five columns and a foreign key moved SQLite → PostgreSQL
 * and PostgreSQL → MariaDB by farm-db's transfer (what `farm db switch --migrate` runs: load,
 * checksumming the source on the way, then verify the target), beside a hand-written COPY FROM STDIN of the same rows into PostgreSQL in
 * the same run. Each step runs in its own process, so its peak RSS is its own. farm-db's steps run
 * with the Node flags the farm CLI gives its data commands (bin/relaunch.ts); one more step shows
 * SQLite → PostgreSQL in a process with Node's default flags, as a library caller would have it.
 * Options: --sizes 100000,1000000
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_COMMAND_NODE_FLAGS } from '../bin/relaunch.ts';
import { mariadbTarget, postgresTarget } from '../test/support/databases.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' } } });
const sizes = values.sizes.split(',').map(Number);
const WORKER = new URL('./portability-worker.ts', import.meta.url).pathname;

interface Step {
  rows: number;
  ms: number;
  maxRssMb: number;
  /** Transfers: until the last batch was stored (the rest is the verification). */
  loadMs?: number;
  rssAtQuarters?: number[];
}

function step(nodeFlags: readonly string[], ...args: string[]): Step {
  return JSON.parse(execFileSync(process.execPath, [...nodeFlags, WORKER, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1)!);
}

const rate = (s: Step, ms = s.loadMs ?? s.ms) => Math.round(s.rows / (ms / 1000));
const results: { size: number; farmToPg: Step; defaultFlags: Step; rawCopy: Step; pgToMariadb: Step }[] = [];

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'farm-bench-'));
  const file = join(dir, 'source.db');
  const [pgFarm, pgDefault, pgRaw, maria] = [await postgresTarget.create(), await postgresTarget.create(), await postgresTarget.create(), await mariadbTarget.create()];
  try {
    console.error(`${size} rows: seeding SQLite…`);
    step([], 'seed', file, String(size));
    const sqlite = JSON.stringify({ type: 'sqlite', url: `file:${file}` });
    console.error(`${size} rows: SQLite → PostgreSQL (farm-db)…`);
    const farmToPg = step(DATA_COMMAND_NODE_FLAGS, 'transfer', sqlite, JSON.stringify(pgFarm.config));
    console.error(`${size} rows: SQLite → PostgreSQL (farm-db, Node's default flags)…`);
    const defaultFlags = step([], 'transfer', sqlite, JSON.stringify(pgDefault.config));
    console.error(`${size} rows: SQLite → PostgreSQL (raw COPY)…`);
    const rawCopy = step([], 'copy', file, String(pgRaw.config.url));
    console.error(`${size} rows: PostgreSQL → MariaDB (farm-db)…`);
    const pgToMariadb = step(DATA_COMMAND_NODE_FLAGS, 'transfer', JSON.stringify(pgFarm.config), JSON.stringify(maria.config));
    const counts = { farmToPg, defaultFlags, rawCopy, pgToMariadb };
    if (Object.values(counts).some(s => s.rows !== size)) throw new Error(`row counts differ: ${JSON.stringify(counts)}`);
    results.push({ size, ...counts });
  } finally {
    await Promise.all([pgFarm.drop(), pgDefault.drop(), pgRaw.drop(), maria.drop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

const row = (...cells: (string | number)[]) => console.log(cells.map((cell, i) => (i === 1 ? String(cell).padEnd(40) : String(cell).padStart(i === 0 ? 9 : 11))).join(' '));
console.log(`\nfarm-db steps run with ${DATA_COMMAND_NODE_FLAGS.join(' ')}, as farm's data commands do.`);
console.log('load: until the last batch is stored; with verify: also reading the target back for counts and checksums.\n');
row('rows', 'step', 'load rows/s', 'with verify', 'peak RSS');
for (const r of results) {
  const farm = (name: string, s: Step) => row(r.size, name, rate(s), rate(s, s.ms), `${s.maxRssMb} MB`);
  farm('SQLite → PostgreSQL (farm-db)', r.farmToPg);
  farm("SQLite → PostgreSQL (Node's default flags)", r.defaultFlags);
  row(r.size, 'SQLite → PostgreSQL (raw COPY)', rate(r.rawCopy), '', `${r.rawCopy.maxRssMb} MB`);
  farm('PostgreSQL → MariaDB (farm-db)', r.pgToMariadb);
}
console.log('');
for (const r of results) {
  console.log(`${r.size} rows: into PostgreSQL ${(rate(r.farmToPg) / rate(r.rawCopy)).toFixed(2)}x raw COPY loading (target ≥ 0.50x), ${(rate(r.farmToPg, r.farmToPg.ms) / rate(r.rawCopy)).toFixed(2)}x with the verification`);
}
const last = results.at(-1)!;
const quarters = (s: Step) => s.rssAtQuarters!.map((mb, i) => `${(((i + 1) * last.size) / 4).toLocaleString('en')}: ${mb} MB`).join(', ');
console.log(`peak RSS of farm-db transfers: ${Math.max(...results.flatMap(r => [r.farmToPg.maxRssMb, r.pgToMariadb.maxRssMb]))} MB (target ≤ 300 MB)`);
console.log(`peak RSS as the ${last.size.toLocaleString('en')} rows were stored: SQLite → PostgreSQL ${quarters(last.farmToPg)}; PostgreSQL → MariaDB ${quarters(last.pgToMariadb)}`);

/**
 * One measured step of `npm run bench:portability`, in its own process so its peak RSS is its
 * own: `seed <sqlite file> <rows>`, `transfer <source json> <target json>`, `copy <sqlite file> <pg url>`.
 * Prints one JSON line: { rows, ms, maxRssMb }, and for a transfer also loadMs (until the last
 * batch is stored; the rest is the verification) and the peak RSS when a quarter, half, three
 * quarters and all of the rows were stored (rssAtQuarters).
 */
import { DatabaseSync } from 'node:sqlite';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DatabaseManager } from '../runtime/manager.ts';
import { allMatch, transferDatabase } from '../portability/index.ts';
import { BenchParent, BenchRow, PARENTS } from './portability-models.ts';

const [mode, a, b] = process.argv.slice(2);
// What farm db switch --migrate and farm db import use.
const BATCH_SIZE = 1000;
const started = performance.now();
let rows = 0;
const extra: { loadMs?: number; rssAtQuarters?: number[] } = {};
const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function open(config: object, schema: 'update' | 'none') {
  const db = new DatabaseManager({ ...config, schema, monitoring: { enabled: false } } as never, { logger: { warn: () => undefined } });
  db.registerModels([BenchParent, BenchRow]);
  await db.initialize();
  return db;
}

if (mode === 'seed') {
  const db = await open({ type: 'sqlite', url: `file:${a}` }, 'update');
  await db.shutdown();
  const sqlite = new DatabaseSync(a!);
  sqlite.exec('begin');
  const parent = sqlite.prepare('insert into bench_parent (id, name) values (?, ?)');
  for (let i = 1; i <= PARENTS; i++) parent.run(i, `parent ${i}`);
  const row = sqlite.prepare('insert into bench_row (id, label, amount, ratio, seen_at, active, parent_id) values (?, ?, ?, ?, ?, ?, ?)');
  rows = Number(b);
  for (let i = 1; i <= rows; i++) row.run(i, `label ${i}`, i % 9973, i / 7, 1_700_000_000_000 + i * 1000, i % 2, (i % PARENTS) + 1);
  sqlite.exec('commit');
  sqlite.close();
} else if (mode === 'transfer') {
  // What farm db switch --migrate runs: load (checksumming the source as it streams past), then verify.
  const source = await open(JSON.parse(a!), 'none');
  const target = await open(JSON.parse(b!), 'none');
  const total = await source.orm.em.getDriver().count(BenchRow.meta.class, {});
  const quarters: number[] = [];
  const progress = {
    start: () => undefined,
    finish: () => undefined,
    advance(model: string, done: number) {
      if (model === 'BenchRow' && done >= ((quarters.length + 1) * total) / 4) quarters.push(maxRssMb());
    },
    // The first stop ends the load; the verification pass reports (and stops) after it.
    stop: () => (extra.loadMs ??= Math.round(performance.now() - started)),
  };
  const verification = await transferDatabase(source, target, { batchSize: BATCH_SIZE, progress });
  if (!allMatch(verification)) throw new Error(`verification failed: ${JSON.stringify(verification)}`);
  extra.rssAtQuarters = quarters;
  rows = verification.find(row => row.model === 'BenchRow')!.targetCount;
  await source.shutdown();
  await target.shutdown();
} else if (mode === 'copy') {
  // The hand-written fast path: rows straight from SQLite into COPY FROM STDIN, no ORM.
  const client = new pg.Client({ connectionString: b });
  await client.connect();
  await client.query('create table raw_parent (id int primary key, name varchar(255) not null)');
  await client.query('create table raw_row (id int primary key, label varchar(255) not null, amount int not null, ratio double precision not null, seen_at timestamptz(3) not null, active boolean not null, parent_id int not null references raw_parent (id))');
  const sqlite = new DatabaseSync(a!, { readOnly: true });
  const csv = (values: unknown[]) => `${values.map(v => `"${String(v).replace(/"/g, '""')}"`).join(',')}\n`;
  await pipeline(Readable.from((function* () {
    for (const r of sqlite.prepare('select id, name from bench_parent order by id').iterate()) yield csv([r.id, r.name]);
  })()), client.query(copyFrom('copy raw_parent (id, name) from stdin with (format csv)')));
  // Chunks of 1,000 rows: one stream chunk per row would measure stream bookkeeping, not COPY.
  await pipeline(Readable.from((function* () {
    let chunk = '';
    for (const r of sqlite.prepare('select * from bench_row order by id').iterate()) {
      rows++;
      chunk += csv([r.id, r.label, r.amount, r.ratio, new Date(Number(r.seen_at)).toISOString(), r.active ? 't' : 'f', r.parent_id]);
      if (rows % 1000 === 0) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  })()), client.query(copyFrom('copy raw_row (id, label, amount, ratio, seen_at, active, parent_id) from stdin with (format csv)')));
  await client.end();
  sqlite.close();
}
console.log(JSON.stringify({ rows, ms: Math.round(performance.now() - started), maxRssMb: maxRssMb(), ...extra }));

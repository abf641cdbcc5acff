/**
 * One measured step of `npm run bench:portability`, in its own process so its peak RSS is its
 * own: `seed <sqlite file> <rows>` (rows parents and rows children), `transfer <source json>
 * <target json>` (farm-db: load and verify), `schema <target json>` (the empty tables, for the
 * tools' loads), `csv <sqlite file> <dir> <postgresql|mariadb|sqlite>` (the rows as that tool's
 * CSV: parent.csv, row.csv). Prints one JSON line: { rows, ms, maxRssMb }, and for a transfer
 * also loadMs (until the last batch is stored; the rest is the verification) and the peak RSS when
 * a quarter, half, three quarters and all of the child rows were stored (rssAtQuarters).
 * farm-db is loaded from dist/ (the built package): bench:portability builds it before the first step. Node's compile
 * cache is on before anything loads, as the farm CLI turns it on (bin/farm.ts).
 */
import { enableCompileCache } from 'node:module';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';

enableCompileCache?.();
const { BenchParent, BenchRow } = await import('./portability-models.ts');
// farm-db as users run it: the built package (dist/, which bench:portability builds first), not the sources
// Node would type-strip at every start.
const built = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { DatabaseManager } = (await built('runtime/manager.js')) as typeof import('../runtime/manager.ts');
const { allMatch, transferDatabase } = (await built('portability/index.js')) as typeof import('../portability/index.ts');
const { SWITCH_BATCH_SIZE } = (await built('cli/transfer-output.js')) as typeof import('../cli/transfer-output.ts');

const [mode, a, b, c] = process.argv.slice(2);
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
  const size = Number(b);
  const parent = sqlite.prepare('insert into bench_parent (id, name) values (?, ?)');
  for (let i = 1; i <= size; i++) parent.run(i, `parent ${i}`);
  const row = sqlite.prepare('insert into bench_row (id, label, amount, ratio, seen_at, active, parent_id) values (?, ?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= size; i++) row.run(i, `label ${i}`, i % 9973, i / 7, 1_700_000_000_000 + i * 1000, i % 2, ((i * 7919) % size) + 1);
  sqlite.exec('commit');
  sqlite.close();
  rows = 2 * size;
} else if (mode === 'schema') {
  const db = await open(JSON.parse(a!), 'update');
  await db.orm.schema.update({ safe: true });
  await db.shutdown();
} else if (mode === 'transfer') {
  // What farm db switch --migrate runs: load (digesting the source as it streams past), then verify.
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
  const batchSize = Number(process.env.FARM_BENCH_BATCH_SIZE ?? SWITCH_BATCH_SIZE);
  const verification = await transferDatabase(source, target, { batchSize, progress });
  if (!allMatch(verification)) throw new Error(`verification failed: ${JSON.stringify(verification)}`);
  extra.rssAtQuarters = quarters;
  rows = verification.reduce((sum, row) => sum + row.targetCount, 0);
  await source.shutdown();
  await target.shutdown();
} else if (mode === 'csv') {
  // Each tool's own CSV of the same rows: what a user would hand \copy, LOAD DATA or .import.
  const sqlite = new DatabaseSync(a!, { readOnly: true });
  const flavour = c as 'postgresql' | 'mariadb' | 'sqlite';
  const when = (ms: number) => (flavour === 'sqlite' ? String(ms) : flavour === 'mariadb' ? new Date(ms).toISOString().slice(0, 23).replace('T', ' ') : new Date(ms).toISOString());
  const bool = (v: number) => (flavour === 'postgresql' ? (v ? 't' : 'f') : String(v));
  const text = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const write = async (file: string, query: string, line: (r: Record<string, never>) => string) => {
    const out = createWriteStream(join(b!, file));
    let chunk = '';
    for (const r of sqlite.prepare(query).iterate() as Iterable<Record<string, never>>) {
      chunk += line(r);
      rows++;
      if (chunk.length > 1 << 16 && !out.write(chunk)) await once(out, 'drain');
      if (chunk.length > 1 << 16) chunk = '';
    }
    out.end(chunk);
    await once(out, 'finish');
  };
  await write('parent.csv', 'select id, name from bench_parent order by id', r => `${r.id},${text(r.name)}\n`);
  await write('row.csv', 'select * from bench_row order by id', r =>
    `${r.id},${text(r.label)},${r.amount},${String(r.ratio)},${when(Number(r.seen_at))},${bool(r.active)},${r.parent_id}\n`);
  sqlite.close();
}
const cpu = process.cpuUsage();
// cpuMs: this process's own CPU time, steadier than wall time on a shared machine.
console.log(JSON.stringify({ rows, ms: Math.round(performance.now() - started), cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMb: maxRssMb(), ...extra }));

/**
 * `npm run bench:portability`: N parent rows and N child rows (five columns and a foreign key to a
 * parent) moved by farm-db's transfer (what `farm db switch --migrate` runs: load, digesting the
 * source on the way, then verify every row of the target) beside the tools a user would pick:
 * - SQLite → PostgreSQL and MariaDB → PostgreSQL: pgloader on the same data, and one `psql \copy`
 *   per table of a CSV of the same rows (the ceiling: no reading, no checking);
 * - into MariaDB: `LOAD DATA LOCAL INFILE`; into SQLite: the sqlite3 CLI's `.import`.
 * Rounds are interleaved (every step once per round, fresh databases each time; farm-db and pgloader take
 * turns going first); ratios are the median of the per-round ratios, each round's figures printed on stderr.
 * Each step runs in its own process, so its peak RSS is its own;
 * farm-db's with the Node flags the farm CLI gives its data commands (bin/relaunch.ts), from the built
 * package (dist/, built first), as the farm CLI runs.
 * pgloader and sqlite3 are installed from Debian when missing (the benchmark's needs only).
 * Options: --sizes 100000,1000000 --rounds 3
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DATA_COMMAND_NODE_FLAGS } from '../bin/relaunch.ts';
import { mariadbTarget, postgresTarget, type TestDatabase } from '../test/support/databases.ts';
import * as tools from './portability-tools.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' }, rounds: { type: 'string', default: '3' } } });
const sizes = values.sizes.split(',').map(Number);
const rounds = Number(values.rounds);
const WORKER = new URL('./portability-worker.ts', import.meta.url).pathname;

interface Step {
  rows: number;
  ms: number;
  maxRssMb: number;
  /** farm-db: until the last batch was stored (the rest is the verification). */
  loadMs?: number;
  rssAtQuarters?: number[];
}

/** A worker step; `ms` is its whole process, start-up included, as the tools' times are. */
function worker(nodeFlags: readonly string[], ...args: string[]): Step {
  const started = performance.now();
  const output = execFileSync(process.execPath, [...nodeFlags, WORKER, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return { ...JSON.parse(output.trim().split('\n').at(-1)!), ms: Math.round(performance.now() - started) };
}
const farm = (source: object, target: object) => worker(DATA_COMMAND_NODE_FLAGS, 'transfer', JSON.stringify(source), JSON.stringify(target));
const dbName = (db: TestDatabase) => new URL(String(db.config.url)).pathname.slice(1);
const mysqlUrl = (db: TestDatabase) => `mysql://root@127.0.0.1:3306/${dbName(db)}`;
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** One measured step on fresh databases, dropped afterwards. */
async function fresh<T>(make: () => Promise<TestDatabase>, run: (db: TestDatabase) => T | Promise<T>): Promise<T> {
  const db = await make();
  try {
    return await run(db);
  } finally {
    await db.drop();
  }
}

function expectRows(name: string, got: number, want: number): void {
  if (got !== want) throw new Error(`${name} stored ${got} rows, not ${want}`);
}

// The workers load farm-db from dist/, as users run it: built from the sources being measured.
execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
tools.ensureCommand('pgloader');
tools.ensureCommand('sqlite3');
type Kind = 'sqliteToPg' | 'mariadbToPg' | 'intoMariadb' | 'intoSqlite';
const kinds: Record<Kind, string> = {
  sqliteToPg: 'SQLite → PostgreSQL',
  mariadbToPg: 'MariaDB → PostgreSQL',
  intoMariadb: 'SQLite → MariaDB',
  intoSqlite: 'MariaDB → SQLite',
};
const line = (text: string) => console.log(text);

for (const size of sizes) {
  const rows = 2 * size;
  const dir = mkdtempSync(join(tmpdir(), 'farm-bench-'));
  const csv = (flavour: string) => join(dir, flavour);
  const mariaSource = await mariadbTarget.create();
  try {
    console.error(`${size}: seeding SQLite, writing the CSVs, loading the MariaDB source…`);
    const sqliteFile = join(dir, 'source.db');
    worker([], 'seed', sqliteFile, String(size));
    for (const flavour of ['postgresql', 'mariadb', 'sqlite']) {
      execFileSync('mkdir', ['-p', csv(flavour)]);
      worker([], 'csv', sqliteFile, csv(flavour), flavour);
    }
    worker([], 'schema', JSON.stringify(mariaSource.config));
    tools.mariadbLoadData(dbName(mariaSource), csv('mariadb'));
    const sqlite = { type: 'sqlite', url: `file:${sqliteFile}` };
    const perRound: Record<string, number[]> = {};
    const last: Record<string, Step | tools.ToolRun> = {};
    const peaks: Record<string, number[]> = {};
    const keep = <T extends Step | tools.ToolRun>(name: string, run: T): T => {
      last[name] = run;
      (perRound[`${name}.ms`] ??= []).push(run.ms);
      (peaks[name] ??= []).push(run.maxRssMb);
      return run;
    };
    for (let round = 1; round <= rounds; round++) {
      console.error(`${size}: round ${round}/${rounds}`);
      const toPg = (name: string, source: object, loadFile: (pgUrl: string) => string) => async () => {
        const runFarm = async () => {
          const f = keep(`${name}.farm`, await fresh(() => postgresTarget.create(), db => farm(source, db.config)));
          expectRows(`farm-db ${name}`, f.rows, rows);
          return f;
        };
        const runPgloader = async () => keep(`${name}.pgloader`, await fresh(() => postgresTarget.create(), db => {
          const run = tools.pgloader(loadFile(String(db.config.url)), dir);
          expectRows(`pgloader ${name}`, tools.pgRows(String(db.config.url)), rows);
          return run;
        }));
        // Which goes first alternates by round: the one after a load also meets the writes it left behind (WAL, dirty pages).
        let f: Step;
        let p: tools.ToolRun;
        if (round % 2 === 1) {
          f = await runFarm();
          p = await runPgloader();
        } else {
          p = await runPgloader();
          f = await runFarm();
        }
        (perRound[`${name}.vsPgloader`] ??= []).push(f.ms / p.ms);
        console.error(`  ${kinds[name as Kind]}: farm-db ${(f.ms / 1000).toFixed(1)} s (load ${((f.loadMs ?? 0) / 1000).toFixed(1)} s), ` +
          `pgloader ${(p.ms / 1000).toFixed(1)} s: ${(f.ms / p.ms).toFixed(2)}x`);
      };
      await toPg('sqliteToPg', sqlite, url => tools.pgloaderSqliteLoadFile(sqliteFile, url))();
      await toPg('mariadbToPg', mariaSource.config, url => tools.pgloaderMysqlLoadFile(mysqlUrl(mariaSource), url))();
      const copy = keep('copy', await fresh(() => postgresTarget.create(), db => {
        worker([], 'schema', JSON.stringify(db.config));
        const run = tools.psqlCopy(String(db.config.url), csv('postgresql'));
        expectRows('psql \\copy', tools.pgRows(String(db.config.url)), rows);
        return run;
      }));
      for (const name of ['sqliteToPg', 'mariadbToPg']) (perRound[`${name}.vsCopy`] ??= []).push(copy.ms / (last[`${name}.farm`]!.ms));
      const intoMaria = keep('intoMariadb.farm', await fresh(() => mariadbTarget.create(), db => farm(sqlite, db.config)));
      expectRows('farm-db into MariaDB', intoMaria.rows, rows);
      const loadData = keep('intoMariadb.tool', await fresh(() => mariadbTarget.create(), db => {
        worker([], 'schema', JSON.stringify(db.config));
        return tools.mariadbLoadData(dbName(db), csv('mariadb'));
      }));
      (perRound['intoMariadb.vsTool'] ??= []).push(loadData.ms / intoMaria.ms);
      const sqliteTarget = (name: string) => ({ type: 'sqlite', url: `file:${join(dir, `${name}-${round}.db`)}` });
      const intoSqlite = keep('intoSqlite.farm', farm(mariaSource.config, sqliteTarget('farm')));
      expectRows('farm-db into SQLite', intoSqlite.rows, rows);
      worker([], 'schema', JSON.stringify(sqliteTarget('import')));
      const imported = keep('intoSqlite.tool', tools.sqliteImport(join(dir, `import-${round}.db`), csv('sqlite')));
      (perRound['intoSqlite.vsTool'] ??= []).push(imported.ms / intoSqlite.ms);
    }
    const rate = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en');
    const mb = (name: string) => `${Math.max(...peaks[name]!)} MB`;
    const ms = (name: string) => median(perRound[`${name}.ms`]!);
    const s = (name: string) => `${(ms(name) / 1000).toFixed(1)} s`;
    line(`\n${size.toLocaleString('en')} parents + ${size.toLocaleString('en')} children (${rows.toLocaleString('en')} rows), median of ${rounds} interleaved rounds:`);
    for (const name of ['sqliteToPg', 'mariadbToPg'] as const) {
      const f = last[`${name}.farm`] as Step;
      line(`  ${kinds[name]}: farm-db ${s(`${name}.farm`)} (${rate(ms(`${name}.farm`))} rows/s; load ${((f.loadMs ?? 0) / 1000).toFixed(1)} s, ${mb(`${name}.farm`)}), ` +
        `pgloader ${s(`${name}.pgloader`)} (${mb(`${name}.pgloader`)}), psql \\copy ${s('copy')} (${rate(ms('copy'))} rows/s)`);
      line(`    farm-db: ${median(perRound[`${name}.vsPgloader`]!).toFixed(2)}x pgloader's wall time (target ≤ 1.0x), ` +
        `${median(perRound[`${name}.vsCopy`]!).toFixed(2)}x the rows/s of \\copy (target ≥ 0.5x); RSS after each quarter ${(f.rssAtQuarters ?? []).join(' / ')} MB`);
    }
    for (const [name, tool] of [['intoMariadb', 'LOAD DATA LOCAL INFILE'], ['intoSqlite', 'sqlite3 .import']] as const) {
      line(`  ${kinds[name]}: farm-db ${rate(ms(`${name}.farm`))} rows/s (${mb(`${name}.farm`)}), ${tool} ${rate(ms(`${name}.tool`))} rows/s: ` +
        `${median(perRound[`${name}.vsTool`]!).toFixed(2)}x its rows/s`);
    }
  } finally {
    await mariaSource.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\nfarm-db steps: transferDatabase with verification, Node flags ${DATA_COMMAND_NODE_FLAGS.join(' ')} (as farm's data commands).`);

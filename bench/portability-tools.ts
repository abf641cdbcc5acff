/**
 * The tools `npm run bench:portability` measures farm-db against, run as a user would run them:
 * pgloader (installed from Debian when missing), one `psql \copy` per table of a CSV, MariaDB's
 * `LOAD DATA LOCAL INFILE`, the sqlite3 CLI's `.import`. Each runs under GNU time for its peak RSS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ToolRun {
  ms: number;
  maxRssMb: number;
}

/** Installs a Debian package for the benchmark when its command is missing (the tests never need these). */
export function ensureCommand(command: string, debianPackage = command): void {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) return;
  console.error(`${command} is missing: apt-get install -y ${debianPackage}…`);
  execFileSync('apt-get', ['install', '-y', debianPackage], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function timed(command: string, args: string[], options: { input?: string } = {}): ToolRun {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'farm-bench-rss-kb %M', command, ...args], { encoding: 'utf8', input: options.input, maxBuffer: 64 << 20 });
  const ms = Math.round(performance.now() - started);
  if (run.status !== 0) throw new Error(`${command} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const kb = Number(/farm-bench-rss-kb (\d+)/.exec(run.stderr)?.[1] ?? 0);
  return { ms, maxRssMb: Math.round(kb / 1024) };
}

const CHILD_COLUMNS = '(id, label, amount, ratio, seen_at, active, parent_id)';

/**
 * The load file pgloader needs for farm-db's SQLite files: MikroORM stores datetimes on SQLite as
 * epoch milliseconds, which pgloader's default cast (datetime → timestamptz) cannot read, and
 * then loads 0 rows of that table and still exits 0. Loaded as bigint, turned into timestamptz
 * by PostgreSQL after the load; booleans (0/1, which pgloader's tinyint-to-boolean refuses as
 * not a string) likewise as smallint.
 */
export function pgloaderSqliteLoadFile(sqliteFile: string, pgUrl: string): string {
  return `load database
  from sqlite://${sqliteFile}
  into ${pgUrl}
  with include drop, create tables, create indexes, reset sequences, foreign keys
  cast column bench_row.seen_at to bigint drop typemod,
       column bench_row.active to smallint drop typemod
  after load do
    $$ alter table bench_row alter column seen_at type timestamptz(3) using to_timestamp(seen_at / 1000.0),
                             alter column active type boolean using active <> 0 $$;
`;
}

/** MariaDB → PostgreSQL needs no casts: datetime(3) and tinyint(1) map as they are. */
export function pgloaderMysqlLoadFile(mysqlUrl: string, pgUrl: string): string {
  return `load database
  from ${mysqlUrl}
  into ${pgUrl}
  with include drop, create tables, create indexes, reset sequences, foreign keys
  alter schema '${new URL(mysqlUrl).pathname.slice(1)}' rename to 'public';
`;
}

export function pgloader(loadFile: string, dir: string): ToolRun {
  const file = join(dir, 'bench.load');
  writeFileSync(file, loadFile);
  return timed('pgloader', ['--quiet', '--on-error-stop', file]);
}

/** One psql process, one `\copy` per table (parents first: the children's foreign key checks them). */
export function psqlCopy(pgUrl: string, dir: string): ToolRun {
  return timed('psql', ['-v', 'ON_ERROR_STOP=1', '-q', pgUrl,
    '-c', `\\copy bench_parent (id, name) from '${join(dir, 'parent.csv')}' with (format csv)`,
    '-c', `\\copy bench_row ${CHILD_COLUMNS} from '${join(dir, 'row.csv')}' with (format csv)`]);
}

export function mariadbLoadData(database: string, dir: string): ToolRun {
  const load = (file: string, table: string, columns: string) =>
    `load data local infile '${join(dir, file)}' into table ${table} fields terminated by ',' optionally enclosed by '"' lines terminated by '\\n' ${columns};`;
  return timed('mariadb', ['-h', '127.0.0.1', '-u', 'root', '--local-infile=1', database,
    '-e', load('parent.csv', 'bench_parent', '(id, name)') + load('row.csv', 'bench_row', CHILD_COLUMNS)]);
}

export function sqliteImport(file: string, dir: string): ToolRun {
  return timed('sqlite3', [file, 'pragma foreign_keys = on;', `.import --csv ${join(dir, 'parent.csv')} bench_parent`, `.import --csv ${join(dir, 'row.csv')} bench_row`]);
}

/** Rows in the benchmark's two tables, to check that a tool loaded everything. */
export function pgRows(pgUrl: string): number {
  return Number(execFileSync('psql', ['-At', pgUrl, '-c', 'select (select count(*) from bench_parent) + (select count(*) from bench_row)'], { encoding: 'utf8' }).trim());
}

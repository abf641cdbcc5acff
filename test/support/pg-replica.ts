/**
 * A real PostgreSQL streaming replica of the test server (PG_URL), made by the test itself:
 * pg_basebackup -R -X stream into a temp folder and a second `postgres` on a free port, both run as
 * the `postgres` OS user (the server refuses root). Stopped and removed after the suite, and at exit
 * when a test failed first.
 *
 * The primary must accept replication connections from 127.0.0.1. When its pg_hba.conf has no such
 * line, ensureReplicationAccess() appends `host replication all 127.0.0.1/32 trust` (the same trust
 * the file already gives every database from 127.0.0.1) and reloads the server: once per machine,
 * idempotent, and only where the file is writable (CI runs as root like this machine).
 * The replica streams through a replication slot (farm_test_replica_<pid>), dropped with it, at exit,
 * or by the next run when this one was killed outright.
 */
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, appendFileSync, chmodSync, constants, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PG_URL } from './databases.ts';
import { removeTempDir, tempDir } from './temp-dirs.ts';
import { closedPort } from './tcp-proxy.ts';

const run = promisify(execFile);
const HBA_LINE = 'host replication all 127.0.0.1/32 trust # added by farm-db tests (test/support/pg-replica.ts)';

export interface PgReplica {
  port: number;
  /** A URL of the replica for `database`. */
  url(database: string): string;
  /** Stops the server (fast shutdown: connections are cut). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  /** Runs SQL on the replica, on a connection of its own. */
  query<T = Record<string, unknown>>(database: string, sql: string): Promise<T[]>;
  remove(): Promise<void>;
}

/** Why this machine cannot run the replica tests, or null when it can. */
export async function replicaUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'the replica tests run the replica as the postgres OS user, which needs root';
  const bin = await serverBinDir().catch((error: Error) => error.message);
  if (!bin.startsWith('/')) return bin;
  for (const tool of ['pg_basebackup', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(bin, tool))) return `${join(bin, tool)} is missing`;
  }
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    return 'there is no postgres OS user to run the replica as';
  }
  if (!(await replicationAllowed())) {
    const [row] = await primaryQuery<{ file: string }>("select current_setting('hba_file') as file");
    try {
      accessSync(row!.file, constants.W_OK);
    } catch {
      return `the primary allows no replication connection from 127.0.0.1 and its ${row!.file} is not writable here`;
    }
  }
  return null;
}

async function replicationAllowed(): Promise<boolean> {
  const [row] = await primaryQuery<{ n: number }>(
    `select count(*)::int as n from pg_hba_file_rules
     where type = 'host' and 'replication' = any(database) and error is null
       and (address is null or address in ('127.0.0.1', 'all', 'samehost'))`,
  );
  return row!.n > 0;
}

/** The binaries of the primary's major version: /usr/lib/postgresql/<major>/bin. */
async function serverBinDir(): Promise<string> {
  const [row] = await primaryQuery<{ v: string }>("select current_setting('server_version_num') as v");
  const major = Math.floor(Number(row!.v) / 10000);
  const dir = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(dir)) {
    const found = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').join(', ') : 'none';
    throw new Error(`no PostgreSQL ${major} binaries in ${dir} (found: ${found})`);
  }
  return dir;
}

/** Makes sure the primary lets 127.0.0.1 open replication connections (see the header). */
export async function ensureReplicationAccess(): Promise<void> {
  if (await replicationAllowed()) return;
  const [row] = await primaryQuery<{ file: string }>("select current_setting('hba_file') as file");
  const file = row!.file;
  if (!readFileSync(file, 'utf8').includes(HBA_LINE)) appendFileSync(file, `\n${HBA_LINE}\n`);
  await primaryQuery('select pg_reload_conf()');
  for (let i = 0; i < 50 && !(await replicationAllowed()); i++) await new Promise(resolve => setTimeout(resolve, 100));
  if (!(await replicationAllowed())) throw new Error(`${file} still allows no replication connection from 127.0.0.1 after a reload`);
}

/** Clones the primary and starts the replica; resolves once it accepts connections. */
export async function startPgReplica(): Promise<PgReplica> {
  await ensureReplicationAccess();
  const bin = await serverBinDir();
  const primary = new URL(PG_URL);
  const dir = tempDir('farm-pg-replica-');
  const data = join(dir, 'data');
  // The postgres user must reach the folder: TMPDIR of a test run is 0700 and root's.
  allowTraversal(tmpdir());
  execFileSync('chown', ['postgres:postgres', dir]);
  chmodSync(dir, 0o700);
  const asPostgres = (tool: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir });
  let pid: number | undefined;
  // A slot keeps the primary's WAL until the replica has it: without one, a replica stopped by a
  // test while other work writes on the shared server may find the segments it needs gone.
  await dropStaleSlots();
  const slot = `${SLOT_PREFIX}${process.pid}`;
  const killAtExit = () => {
    if (pid) {
      try {
        process.kill(pid, 'SIGQUIT'); // immediate shutdown: the test process is ending
      } catch {}
    }
    try {
      const drop = `select pg_drop_replication_slot('${slot}') from pg_replication_slots where slot_name = '${slot}'`;
      execFileSync('psql', [PG_URL, '-Atqc', drop], {
        stdio: 'ignore',
        timeout: 10_000,
      });
    } catch {}
  };
  process.on('exit', killAtExit);
  try {
    await asPostgres('pg_basebackup', [
      '-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username) || 'postgres',
      '-D', data, '-R', '-X', 'stream', '-c', 'fast', '-C', '-S', slot,
    ]);
    const port = await closedPort();
    // A hot standby needs these at least as high as the primary's.
    const same = await primaryQuery<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in
       ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')`,
    );
    writeFileSync(
      join(data, 'postgresql.conf'),
      [
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'hot_standby = on',
        'shared_buffers = 16MB',
        'fsync = off',
        ...same.map(s => `${s.name} = ${s.setting}`),
      ].join('\n') + '\n',
    );
    writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    execFileSync('chown', ['postgres:postgres', join(data, 'postgresql.conf'), join(data, 'pg_hba.conf')]);
    const start = async () => {
      await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '120', 'start']);
      pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    };
    const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
      if (!pid) return;
      await asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      pid = undefined;
    };
    await start();
    const replicaUrl = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
    const replica: PgReplica = {
      port,
      url: replicaUrl,
      start,
      stop: () => stop(),
      async caughtUp() {
        const [row] = await primaryQuery<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
        for (let i = 0; i < 300; i++) {
          const sql = `select pg_last_wal_replay_lsn() >= '${row!.lsn}'::pg_lsn as ok`;
          const [done] = await replicaQuery<{ ok: boolean }>(replicaUrl('postgres'), sql);
          if (done?.ok) return;
          await new Promise(resolve => setTimeout(resolve, 100));
        }
        const log = readFileSync(join(dir, 'server.log'), 'utf8').slice(-1500);
        throw new Error(`the replica did not replay up to ${row!.lsn} within 30 s; its log ends:\n${log}`);
      },
      query: (database, sql) => replicaQuery(replicaUrl(database), sql),
      async remove() {
        await stop().catch(() => stop('immediate')).catch(() => undefined);
        await primaryQuery(`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '${slot}'`);
        process.off('exit', killAtExit);
        removeTempDir(dir);
      },
    };
    return replica;
  } catch (error) {
    killAtExit();
    process.off('exit', killAtExit);
    const log = existsSync(join(dir, 'server.log')) ? `\n${readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000)}` : '';
    removeTempDir(dir);
    throw Object.assign(error as Error, { message: `${(error as Error).message}${log}` });
  }
}

const SLOT_PREFIX = 'farm_test_replica_';

/** Drops the slots of earlier runs whose process is gone (killed before it could), so they hold no WAL. */
async function dropStaleSlots(): Promise<void> {
  const slots = await primaryQuery<{ slot_name: string }>(
    `select slot_name from pg_replication_slots where slot_name like '${SLOT_PREFIX}%' and not active`,
  );
  for (const { slot_name: name } of slots) {
    const pid = Number(name.slice(SLOT_PREFIX.length));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {}
    if (!alive) await primaryQuery(`select pg_drop_replication_slot('${name}')`);
  }
}

/** Lets other users pass through `dir` (not list it), as postgres must to reach its data folder. */
function allowTraversal(dir: string): void {
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
}


// biome-ignore lint: admin rows are loosely typed.
async function replicaQuery<T = any>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const primaryQuery = <T>(sql: string) => replicaQuery<T>(PG_URL, sql);

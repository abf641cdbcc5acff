/**
 * A MariaDB primary and its replica, both made by the test in one temp folder: the machine's own
 * server has no binary log (and restarting it with one would disturb everything else on it), so
 * the test installs a datadir (mariadb-install-db), copies it for the replica, and starts two
 * `mariadbd` on free ports as the mysql OS user: server-id 1 with log-bin, server-id 2 replicating
 * from the primary's first binlog (CHANGE MASTER TO … MASTER_LOG_POS=4, as both start identical).
 * Stopped and removed after the suite, and killed at exit when a test failed first.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { removeTempDir, tempDir } from './temp-dirs.ts';
import { closedPort } from './tcp-proxy.ts';

const SERVER = '/usr/sbin/mariadbd';
const INSTALL = '/usr/bin/mariadb-install-db';

export interface MariaDbPair {
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  replicaPort: number;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Waits until the replica has applied everything the primary has logged so far. */
  caughtUp(): Promise<void>;
  /** Runs SQL on the primary (`on: 'primary'`) or the replica, on a connection of its own. */
  query<T = Record<string, unknown>>(on: 'primary' | 'replica', sql: string): Promise<T[]>;
  remove(): Promise<void>;
}

/** Why this machine cannot run the MariaDB replica tests, or null when it can. */
export function mariadbReplicaUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'the MariaDB replica tests start mariadbd as the mysql OS user, which needs root';
  for (const tool of [SERVER, INSTALL]) if (!existsSync(tool)) return `${tool} is missing`;
  try {
    execFileSync('id', ['-u', 'mysql'], { stdio: 'ignore' });
  } catch {
    return 'there is no mysql OS user to run mariadbd as';
  }
  return null;
}

export async function startMariaDbPair(): Promise<MariaDbPair> {
  const dir = tempDir('farm-mariadb-replica-');
  execFileSync('chmod', ['o+x', tmpdir()]); // mysql must pass through TMPDIR (0700 in a test run)
  execFileSync('chown', ['mysql:mysql', dir]);
  const servers = new Map<'primary' | 'replica', ChildProcess>();
  const killAtExit = () => {
    for (const server of servers.values()) server.kill('SIGKILL');
  };
  process.on('exit', killAtExit);
  // mariadbd keeps its temp files in TMPDIR, which must be the mysql user's to write.
  const serverEnv = { ...process.env, TMPDIR: dir };
  try {
    const install = ['--no-defaults', '--user=mysql', `--datadir=${join(dir, 'primary')}`, '--auth-root-authentication-method=normal', '--skip-test-db'];
    execFileSync(INSTALL, install, { stdio: 'ignore', env: serverEnv });
    cpSync(join(dir, 'primary'), join(dir, 'replica'), { recursive: true });
    execFileSync('chown', ['-R', 'mysql:mysql', join(dir, 'replica')]);
    const ports = { primary: await closedPort(), replica: await closedPort() };
    const url = (role: 'primary' | 'replica', database: string) => `mariadb://root@127.0.0.1:${ports[role]}/${database}`;
    const query = async <T>(role: 'primary' | 'replica', sql: string): Promise<T[]> => {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port: ports[role], user: 'root' });
      try {
        return (await connection.query(sql))[0] as T[];
      } finally {
        await connection.end();
      }
    };
    const start = async (role: 'primary' | 'replica') => {
      const log = openSync(join(dir, `${role}.log`), 'a');
      const roleArgs =
        role === 'primary'
          ? ['--server-id=1', '--log-bin=binlog', '--binlog-format=ROW']
          : ['--server-id=2', '--relay-log=relay', '--read-only=1'];
      const server = spawn(
        SERVER,
        [
          '--no-defaults', '--user=mysql', `--datadir=${join(dir, role)}`, `--port=${ports[role]}`, '--bind-address=127.0.0.1',
          `--socket=${join(dir, `${role}.sock`)}`, `--pid-file=${join(dir, `${role}.pid`)}`, '--skip-name-resolve',
          '--innodb-buffer-pool-size=32M', ...roleArgs,
        ],
        { stdio: ['ignore', log, log], env: serverEnv },
      );
      servers.set(role, server);
      for (let i = 0; i < 300; i++) {
        if (server.exitCode !== null) throw new Error(`mariadbd (${role}) exited with ${server.exitCode}; see ${join(dir, `${role}.log`)}`);
        if (await query(role, 'select 1').then(() => true, () => false)) return;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      throw new Error(`mariadbd (${role}) did not accept connections within 30 s`);
    };
    const stop = async (role: 'primary' | 'replica') => {
      const server = servers.get(role);
      if (!server || server.exitCode !== null) return;
      const exited = new Promise(resolve => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      servers.delete(role);
    };
    await Promise.all([start('primary'), start('replica')]);
    await query(
      'replica',
      `change master to master_host='127.0.0.1', master_port=${ports.primary}, master_user='root', master_password='',
       master_use_gtid=no, master_log_file='binlog.000001', master_log_pos=4`,
    );
    await query('replica', 'start slave');
    return {
      primaryUrl: database => url('primary', database),
      replicaUrl: database => url('replica', database),
      replicaPort: ports.replica,
      stopReplica: () => stop('replica'),
      startReplica: () => start('replica'),
      query,
      async caughtUp() {
        const [status] = await query<{ File: string; Position: number }>('primary', 'show master status');
        const [row] = await query<{ reached: number | null }>(
          'replica',
          `select master_pos_wait('${status!.File}', ${status!.Position}, 30) as reached`,
        );
        if (row?.reached === null || row?.reached === undefined || row.reached < 0) {
          throw new Error(`the replica did not reach ${status!.File}:${status!.Position} within 30 s`);
        }
      },
      async remove() {
        await stop('replica');
        await stop('primary');
        process.off('exit', killAtExit);
        removeTempDir(dir);
      },
    };
  } catch (error) {
    killAtExit();
    process.off('exit', killAtExit);
    removeTempDir(dir);
    throw error;
  }
}

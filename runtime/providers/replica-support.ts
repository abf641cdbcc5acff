import type { DatabaseType } from './descriptors.ts';

/** What a replica's server says about how far it is behind; null lag where it does not say. */
export interface ReplicaLag {
  lagSeconds: number | null;
  /** Why the lag is unknown, or why this server does not look like a replica. */
  output?: string;
}

/** Runs one query on the replica itself and answers its rows. */
export type ReplicaQuery = (sql: string) => Promise<Record<string, unknown>[]>;

export interface ReplicaSupport {
  /** Reads the replication lag on the replica; throws only when the server cannot be asked at all. */
  lag(query: ReplicaQuery): Promise<ReplicaLag>;
  /** A read error the replica answers with that the primary would not have (the read runs again there). */
  retryElsewhere?(error: unknown): boolean;
}

/**
 * PostgreSQL: the time since the last replayed transaction, or 0 while everything received has
 * been replayed (on an idle primary the replay timestamp ages without the replica falling behind).
 */
const postgresqlSupport: ReplicaSupport = {
  async lag(query) {
    const [row] = await query(
      `select pg_is_in_recovery() as in_recovery,
              case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                   else extract(epoch from now() - pg_last_xact_replay_timestamp()) end as lag_seconds`,
    );
    if (!row?.in_recovery) return { lagSeconds: null, output: 'not in recovery: this server is not a streaming replica' };
    if (row.lag_seconds === null || row.lag_seconds === undefined) return { lagSeconds: null, output: 'no transaction replayed yet' };
    return { lagSeconds: Math.max(0, Math.round(Number(row.lag_seconds) * 1000) / 1000) };
  },
  // A standby cancels a read that conflicts with WAL it must replay (SQLSTATE 40001, "conflict with recovery").
  retryElsewhere: error => /conflict with recovery/i.test(String((error as Error | undefined)?.message ?? '')),
};

/** MySQL 8.0.22+ and MariaDB 10.5+ know SHOW REPLICA STATUS; older servers only SHOW SLAVE STATUS. */
const mysqlSupport: ReplicaSupport = {
  async lag(query) {
    const rows = await query('show replica status').catch(() => query('show slave status'));
    const row = rows[0];
    if (!row) return { lagSeconds: null, output: 'no replication configured on this server (SHOW REPLICA STATUS is empty)' };
    const behind = row.Seconds_Behind_Master ?? row.Seconds_Behind_Source;
    if (behind === null || behind === undefined) {
      const error = row.Last_SQL_Error || row.Last_IO_Error;
      return { lagSeconds: null, output: `replication is not running${error ? `: ${String(error)}` : ''}` };
    }
    return { lagSeconds: Number(behind) };
  },
};

/** SQL Server has no per-replica lag a plain login can read; latency and rotation still apply. */
const sqlServerSupport: ReplicaSupport = {
  lag: async () => ({ lagSeconds: null, output: 'not reported by SQL Server' }),
};

/** The databases MikroORM routes to read replicas; the others say what to use instead. */
export const REPLICA_SUPPORT: Record<DatabaseType, ReplicaSupport | { unsupported: string }> = {
  postgresql: postgresqlSupport,
  mysql: mysqlSupport,
  sqlserver: sqlServerSupport,
  sqlite: { unsupported: 'SQLite is one file: it has no read replicas' },
  mongodb: { unsupported: 'on MongoDB, set readPreference=secondaryPreferred in database.url instead' },
};

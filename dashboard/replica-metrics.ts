import { Counter, Gauge, type Registry } from 'prom-client';
import type { DatabaseManager } from '../runtime/manager.ts';

/**
 * Per-replica series, labelled `replica="host:port"`: in rotation or not, the latest probe's round
 * trip and the lag the server reported (absent while unknown), reads sent and reads failed over.
 * Gauges ask healthCheck() (shared with the health gauge of the same scrape) so they are fresh.
 */
export function registerReplicaMetrics(db: DatabaseManager, registry: Registry): void {
  if (db.replicas.length === 0) return;
  const fresh = async () => {
    await db.healthCheck();
    return db.replicas;
  };
  new Gauge({
    name: 'farm_db_replica_up',
    help: 'Read replica in rotation (1) or taken out after failing (0).',
    labelNames: ['replica'],
    registers: [registry],
    async collect() {
      for (const replica of await fresh()) this.set({ replica: replica.name }, replica.inRotation ? 1 : 0);
    },
  });
  new Gauge({
    name: 'farm_db_replica_lag_seconds',
    help: 'Replication lag the replica reported at its latest probe.',
    labelNames: ['replica'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const replica of await fresh()) if (replica.lagSeconds !== null) this.set({ replica: replica.name }, replica.lagSeconds);
    },
  });
  new Gauge({
    name: 'farm_db_replica_response_time_seconds',
    help: 'Round trip of the latest probe of the replica.',
    labelNames: ['replica'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const replica of await fresh()) {
        if (replica.responseTimeMs !== null) this.set({ replica: replica.name }, replica.responseTimeMs / 1000);
      }
    },
  });
  // Counters catch up with the replica set's cumulative counts when scraped.
  const added = new Map<string, number>();
  const catchUp = (counter: Counter, key: string, total: number, replica: string) => {
    counter.inc({ replica }, total - (added.get(key) ?? 0));
    added.set(key, total);
  };
  new Counter({
    name: 'farm_db_replica_reads_total',
    help: 'Reads sent to the replica.',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      for (const replica of db.replicas) catchUp(this, `reads:${replica.name}`, replica.reads, replica.name);
    },
  });
  new Counter({
    name: 'farm_db_replica_failovers_total',
    help: 'Reads the replica failed that ran again on another replica or the primary.',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      for (const replica of db.replicas) catchUp(this, `failovers:${replica.name}`, replica.failovers, replica.name);
    },
  });
}

import { acquireMongoMigrationLock } from './migration-lock.ts';
import { mongoTransferTarget } from './transfer-target.ts';
import { mongoTransferSource } from './transfer-source.ts';
import type { MikroORM } from '@mikro-orm/core';
import type { MongoClient } from 'mongodb';
import type { DatabaseProvider, PoolStats, ProviderSession } from '../provider.ts';
import { PROVIDER_DESCRIPTORS } from '../../../databases/index.ts';
import { loadDriverPackage } from '../shared/load-driver.ts';
import { connectionOptions } from '../shared/connection-options.ts';
import { describeTarget } from '../shared/sql-session.ts';
import { MongoPoolCounter } from './pool-counter.ts';

const descriptor = PROVIDER_DESCRIPTORS.mongodb;

export const mongodbProvider: DatabaseProvider = {
  descriptor,

  async ormOptions({ config, pool }) {
    const { MongoDriver } = await loadDriverPackage(descriptor.driverPackage, descriptor.label, () => import('@mikro-orm/mongodb'));
    const { host, port, ...connection } = connectionOptions(config);
    return {
      driver: MongoDriver,
      ...connection,
      // MikroORM maps pool.idleTimeoutMillis to waitQueueTimeoutMS; these overrides say what we mean.
      driverOptions: {
        minPoolSize: pool.min,
        maxPoolSize: pool.max,
        maxIdleTimeMS: pool.idleTimeoutMs,
        waitQueueTimeoutMS: pool.acquireTimeoutMs,
        ...(host ? { hosts: [`${host}:${port ?? descriptor.defaultPort}`] } : {}),
      },
    };
  },

  target: config => describeTarget(config, descriptor.defaultPort!),

  /** A provider-neutral `id` primary key is stored as MongoDB's `_id`. */
  adaptMetadata(meta) {
    for (const name of meta.primaryKeys ?? []) {
      const prop = meta.properties[name];
      if (prop && name === 'id' && !prop.fieldNames?.length) prop.fieldNames = ['_id'];
    }
  },

  async attach(orm): Promise<ProviderSession> {
    const client = (await orm.driver.getConnection().getNativeClient()) as MongoClient;
    const counter = new MongoPoolCounter(client, orm.config.get('driverOptions') as { maxPoolSize: number });
    const admin = () => client.db(orm.config.get('dbName')).admin();
    return {
      poolStats: (): PoolStats => counter.stats(),
      async serverVersion() {
        return String((await admin().buildInfo()).version);
      },
      async serverConnections() {
        const status = await admin().serverStatus();
        const { current, available } = status.connections as { current: number; available: number };
        return { current, max: current + available };
      },
      async prepareSchema(mode) {
        await ensureMongoSchema(orm, mode);
      },
      lockMigrations: () => acquireMongoMigrationLock(orm),
      transfer: () => mongoTransferTarget(orm),
      transferSource: () => mongoTransferSource(orm),
    };
  },
};

async function ensureMongoSchema(orm: MikroORM, mode: 'none' | 'update'): Promise<void> {
  const schema = orm.schema as unknown as { create(): Promise<void>; ensureIndexes(): Promise<void> };
  if (mode === 'update') await schema.create();
  await schema.ensureIndexes();
}

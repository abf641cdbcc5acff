import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MikroORM } from '@mikro-orm/core';
import type { Collection } from 'mongodb';
import { mongoDatabase } from './database.ts';

const LOCK_COLLECTION = 'farm_migration_lock';
/** A holder that stops renewing (it crashed) loses the lock after this long. */
const LEASE_MS = 30_000;
const WAIT_LIMIT_MS = 10 * 60_000;

interface LockDocument {
  _id: string;
  holder: string;
  host: string;
  expiresAt: Date;
}

/**
 * MongoDB has no advisory locks, so the migration lock is a document with a lease. Taking it is
 * one atomic upsert that only matches an expired lease (a live one makes the upsert collide on
 * _id); the holder renews the lease while it works, so only a dead holder's lock expires.
 */
export async function acquireMongoMigrationLock(orm: MikroORM): Promise<() => Promise<void>> {
  const locks: Collection<LockDocument> = (await mongoDatabase(orm)).collection(LOCK_COLLECTION);
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    const now = new Date();
    try {
      await locks.updateOne(
        { _id: 'migrations', expiresAt: { $lt: now } },
        { $set: { holder, host: hostname(), expiresAt: new Date(now.getTime() + LEASE_MS) } },
        { upsert: true },
      );
      break;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // 11000: a live lease holds the _id
      if (Date.now() > deadline) {
        const current = await locks.findOne({ _id: 'migrations' });
        throw new Error(`another process (${current?.host ?? 'unknown host'}) has held the migration lock for over ${WAIT_LIMIT_MS / 60_000} minutes`);
      }
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
  const renew = setInterval(() => {
    void locks.updateOne({ _id: 'migrations', holder }, { $set: { expiresAt: new Date(Date.now() + LEASE_MS) } }).catch(() => undefined);
  }, LEASE_MS / 3);
  renew.unref();
  return async () => {
    clearInterval(renew);
    await locks.deleteOne({ _id: 'migrations', holder });
  };
}

/**
 * Profiling aid for the fast lane (not a benchmark): runs N fast-lane transactions or point selects on the
 * local PostgreSQL; run with `node --cpu-prof --cpu-prof-dir DIR bench/profile-fast-lane.ts [tx|select|drizzle] [N]`.
 */
import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { DatabaseManager } from '../runtime/manager.ts';
import type { FastLaneDatabase } from '../runtime/fast-lane.ts';
import { postgresTarget } from '../test/support/databases.ts';
import pg from 'pg';
import { drizzleVariants } from './runtime-drizzle.ts';

const Item = defineEntity({ name: 'Item', properties: { id: p.string().primary(), name: p.string(), qty: p.integer() } });
const [mode = 'tx', count = '5000'] = process.argv.slice(2);
const database = await postgresTarget.create({ pool: { max: 20 }, schema: 'update' });
const db = new DatabaseManager(database.config, { logger: { warn: () => undefined } }) as DatabaseManager<FastLaneDatabase<typeof Item>>;
db.registerModels([Item]);
await db.initialize();
const ids: string[] = [];
const drizzlePool = new pg.Pool({ connectionString: String(database.config.url), max: 20 });
drizzlePool.on('error', () => undefined); // the drop at the end ends its idle clients
const drizzleTx = drizzleVariants(drizzlePool).transaction;
const work = async () => {
  if (mode === 'drizzle') return void (await drizzleTx());
  if (mode === 'select') {
    await db.kysely.selectFrom('item').selectAll().where('id', '=', ids[Math.floor(Math.random() * ids.length)]!).executeTakeFirst();
    return;
  }
  await db.transaction(async () => {
    const id = randomUUID();
    await db.kysely.insertInto('item').values({ id, name: 'widget', qty: 1 }).execute();
    await db.kysely.selectFrom('item').selectAll().where('id', '=', id).limit(1).executeTakeFirst();
  });
};
for (let i = 0; i < 100; i++) {
  ids.push(randomUUID());
  await db.kysely.insertInto('item').values({ id: ids[i]!, name: 'seed', qty: i }).execute();
}
import('node:net').then(net => {
  const proto = net.Socket.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['_write', '_writev']) {
    const original = proto[name]!;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      writes[name] = (writes[name] ?? 0) + 1;
      return original.apply(this, args);
    };
  }
});
const writes: Record<string, number> = {};
await new Promise(resolve => setTimeout(resolve, 10));
let next = 0;
const started = performance.now();
const cpu = process.cpuUsage();
await Promise.all(Array.from({ length: 20 }, async () => {
  while (next++ < Number(count)) await work();
}));
const used = process.cpuUsage(cpu);
console.log(`${mode}: ${(Number(count) / ((performance.now() - started) / 1000)).toFixed(0)}/s, CPU ${((used.user + used.system) / Number(count)).toFixed(0)} µs each, socket writes ${JSON.stringify(writes)}`);
await db.shutdown();
await drizzlePool.end();
await database.drop();

// bench:runtime's drizzle-orm peer (node-postgres driver): the same table, transaction and point select.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import type pg from 'pg';

const item = pgTable('item', { id: text('id').primaryKey(), name: text('name').notNull(), qty: integer('qty').notNull() });
const lookup = pgTable('lookup', { id: integer('id').primaryKey(), name: text('name').notNull(), qty: integer('qty').notNull() });

export function drizzleVariants(pool: pg.Pool) {
  const db = drizzle({ client: pool });
  return {
    transaction: () =>
      db.transaction(async tx => {
        const id = randomUUID();
        await tx.insert(item).values({ id, name: 'widget', qty: 1 });
        await tx.select().from(item).where(eq(item.id, id)).limit(1);
      }),
    pointSelect: (id: () => number) => async () => {
      await db.select().from(lookup).where(eq(lookup.id, id())).limit(1);
    },
  };
}

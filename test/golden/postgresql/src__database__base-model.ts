import { randomUUID } from 'node:crypto';
import { p } from 'farm-db/runtime';

/**
 * The columns every model shares: spread it into defineEntity's properties.
 * The id is a UUID made by the app (PostgreSQL stores it in a native uuid column), so ids never depend on the
 * database and survive a move to another one. Timestamps keep milliseconds.
 */
export const baseProperties = {
  id: p.uuid().primary().onCreate(() => randomUUID()),
  createdAt: p.datetime().length(3).onCreate(() => new Date()),
  updatedAt: p.datetime().length(3).onCreate(() => new Date()).onUpdate(() => new Date()),
};

import { randomUUID } from 'node:crypto';
import { p } from 'farm-db/runtime';

/**
 * The fields every model shares: spread it into defineEntity's properties.
 * The id is a UUID string made by the app and stored as MongoDB's _id, so the same
 * models work on SQL databases and ids survive a move to one. Timestamps keep milliseconds.
 */
export const baseProperties = {
  id: p.string().primary().onCreate(() => randomUUID()),
  createdAt: p.datetime().length(3).onCreate(() => new Date()),
  updatedAt: p.datetime().length(3).onCreate(() => new Date()).onUpdate(() => new Date()),
};

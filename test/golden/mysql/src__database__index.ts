export { db } from './connection.ts';
export { models } from './models.ts';
export { baseProperties } from './base-model.ts';

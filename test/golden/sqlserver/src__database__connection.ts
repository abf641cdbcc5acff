import { DatabaseManager } from 'farm-db/runtime';
import { models } from './models.ts';

/**
 * The app's database (SQL Server). Settings come from farm.config.ts, found from this
 * folder upwards when db.initialize() runs, with DATABASE_URL from the environment or .env.
 */
export const db = new DatabaseManager({ configFrom: import.meta.dirname });
db.registerModels(models);

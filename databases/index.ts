// The database catalog: one file per database beside this one, pure data. config/, runtime/ and generators/
// read it; adding a database is its file and one line in DATABASES (and its provider, runtime/providers/).
import { mongodb } from './mongodb.ts';
import { mysql } from './mysql.ts';
import { postgresql } from './postgresql.ts';
import { sqlite } from './sqlite.ts';
import { sqlserver } from './sqlserver.ts';
import type { DatabaseDescriptor, DatabaseEntry } from './types.ts';

/** Every database, in the order messages list them. */
export const DATABASES = { mongodb, postgresql, mysql, sqlite, sqlserver } as const satisfies Record<string, DatabaseEntry>;

export type DatabaseType = keyof typeof DATABASES;
/** What the runtime knows about a database before connecting (its entry's `descriptor`). */
export type ProviderDescriptor = DatabaseDescriptor<DatabaseType>;
export const DATABASE_TYPES = Object.keys(DATABASES) as readonly DatabaseType[];

export const PROVIDER_DESCRIPTORS = Object.fromEntries(
  DATABASE_TYPES.map(type => [type, DATABASES[type].descriptor]),
) as unknown as Readonly<Record<DatabaseType, ProviderDescriptor>>;

export function isDatabaseType(value: unknown): value is DatabaseType {
  return typeof value === 'string' && (DATABASE_TYPES as readonly string[]).includes(value);
}

export { PRESETS } from './presets.ts';
export type * from './types.ts';

import type { DatabaseEntry } from './types.ts';

const SECOND = 1000;

export const sqlite = {
  descriptor: {
    type: 'sqlite',
    label: 'SQLite',
    urlSchemes: ['sqlite', 'file'],
    defaultPort: null,
    driverPackage: '@mikro-orm/sql',
    // node:sqlite is synchronous and Kysely serialises access to its single connection.
    pool: { min: 1, max: 1, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 0 },
    maxPoolSize: 1,
    migrations: 'sql',
    transactionalDdl: true,
    storage: 'file',
    records: 'rows',
    readReplicas: { unsupported: 'SQLite is one file: it has no read replicas' },
    telemetrySystem: 'sqlite',
    queryLiterals: {
      backslashEscapes: false,
      doubleQuotedStrings: false,
      dollarQuotes: false,
      bracketIdentifiers: true,
      moneyLiterals: false,
      hashComments: false,
      nestedComments: false,
    },
  },
  setup: {
    choice: 'sqlite',
    label: 'SQLite (embedded, no server)',
    menuPosition: 3,
    aliases: ['sqlite3'],
    // node:sqlite is built in and @mikro-orm/sql is a dependency of farm-db: nothing to install.
    packages: [],
    env: {},
    url: 'file:./data/app.db',
  },
  template: {
    idProperty: 'uuid',
    baseModelComment: [
      "The columns every model shares: spread it into defineEntity's properties.",
      'The id is a UUID made by the app (SQLite stores it as text), so ids never depend on the',
      'database and survive a move to another one. Timestamps keep milliseconds.',
    ],
  },
} as const satisfies DatabaseEntry<'sqlite'>;

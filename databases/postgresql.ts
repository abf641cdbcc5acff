import type { DatabaseEntry } from './types.ts';

const SECOND = 1000;

export const postgresql = {
  descriptor: {
    type: 'postgresql',
    label: 'PostgreSQL',
    urlSchemes: ['postgres', 'postgresql'],
    defaultPort: 5432,
    driverPackage: '@mikro-orm/postgresql',
    pool: { min: 0, max: 20, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 30 * SECOND },
    migrations: 'sql',
    transactionalDdl: true,
    storage: 'server',
    records: 'rows',
    readReplicas: 'supported',
    telemetrySystem: 'postgresql',
    queryLiterals: {
      backslashEscapes: false,
      doubleQuotedStrings: false,
      dollarQuotes: true,
      bracketIdentifiers: false,
      moneyLiterals: false,
      hashComments: false,
      nestedComments: true,
    },
  },
  setup: {
    choice: 'postgresql',
    label: 'PostgreSQL',
    menuPosition: 1,
    aliases: ['postgres', 'pg'],
    compose: {
      name: 'postgres',
      image: 'postgres:17',
      containerPort: 5432,
      environment: { POSTGRES_USER: '${POSTGRES_USER}', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD}', POSTGRES_DB: '${POSTGRES_DB}' },
      healthcheck: ['CMD-SHELL', 'pg_isready -U "$${POSTGRES_USER}" -d "$${POSTGRES_DB}"'],
      volumePath: '/var/lib/postgresql/data',
    },
    env: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: '<password>', POSTGRES_DB: 'app', POSTGRES_PORT: '<port>' },
    url: 'postgresql://app:<password>@localhost:<port>/app',
  },
  template: {
    idProperty: 'uuid',
    baseModelComment: [
      "The columns every model shares: spread it into defineEntity's properties.",
      'The id is a UUID made by the app (PostgreSQL stores it in a native uuid column), so ids never depend on the',
      'database and survive a move to another one. Timestamps keep milliseconds.',
    ],
  },
} as const satisfies DatabaseEntry<'postgresql'>;

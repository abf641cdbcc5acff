import type { DatabaseEntry } from './types.ts';

const SECOND = 1000;

export const sqlserver = {
  descriptor: {
    type: 'sqlserver',
    label: 'SQL Server',
    urlSchemes: ['mssql', 'sqlserver'],
    defaultPort: 1433,
    driverPackage: '@mikro-orm/mssql',
    pool: { min: 0, max: 10, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 30 * SECOND },
    migrations: 'sql',
    transactionalDdl: true,
    storage: 'server',
    records: 'rows',
    readReplicas: 'supported',
    telemetrySystem: 'microsoft.sql_server',
    queryLiterals: {
      backslashEscapes: false,
      doubleQuotedStrings: false,
      dollarQuotes: false,
      bracketIdentifiers: true,
      moneyLiterals: true,
      hashComments: false,
      nestedComments: true,
    },
  },
  setup: {
    choice: 'sqlserver',
    label: 'SQL Server',
    menuPosition: 5,
    aliases: ['mssql'],
    compose: {
      name: 'sqlserver',
      image: 'mcr.microsoft.com/mssql/server:2022-latest',
      containerPort: 1433,
      environment: { ACCEPT_EULA: 'Y', MSSQL_SA_PASSWORD: '${MSSQL_SA_PASSWORD}' },
      healthcheck: ['CMD-SHELL', '/opt/mssql-tools18/bin/sqlcmd -C -S localhost -U sa -P "$${MSSQL_SA_PASSWORD}" -Q "select 1"'],
      volumePath: '/var/opt/mssql',
    },
    env: { MSSQL_SA_PASSWORD: '<password>', MSSQL_PORT: '<port>' },
    url: 'mssql://sa:<password>@localhost:<port>/master',
    // SQL Server refuses passwords without upper case, lower case and digits.
    passwordPrefix: 'Aa1',
  },
  template: {
    idProperty: 'uuid',
    baseModelComment: [
      "The columns every model shares: spread it into defineEntity's properties.",
      'The id is a UUID made by the app (SQL Server stores it as uniqueidentifier), so ids never depend on the',
      'database and survive a move to another one. Timestamps keep milliseconds.',
    ],
  },
} as const satisfies DatabaseEntry<'sqlserver'>;

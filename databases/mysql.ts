import type { DatabaseEntry } from './types.ts';

const SECOND = 1000;

/** MySQL, and MariaDB through the same provider (the mariadb preset and mariadb:// URLs). */
export const mysql = {
  descriptor: {
    type: 'mysql',
    label: 'MySQL/MariaDB',
    urlSchemes: ['mysql', 'mariadb'],
    defaultPort: 3306,
    driverPackage: '@mikro-orm/mysql',
    // Same as PostgreSQL; well under the server's default max_connections of 151.
    pool: { min: 0, max: 20, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 30 * SECOND },
    migrations: 'sql',
    // MySQL and MariaDB commit implicitly before and after every DDL statement.
    transactionalDdl: false,
    storage: 'server',
    records: 'rows',
    readReplicas: 'supported',
    telemetrySystem: 'mysql',
    telemetrySystemByScheme: { mariadb: 'mariadb' },
    // MySQL and MariaDB by default (no ANSI_QUOTES, no NO_BACKSLASH_ESCAPES); MikroORM quotes their names with backticks.
    queryLiterals: {
      backslashEscapes: true,
      doubleQuotedStrings: true,
      dollarQuotes: false,
      bracketIdentifiers: false,
      moneyLiterals: false,
      hashComments: true,
      nestedComments: false,
    },
  },
  setup: {
    choice: 'mysql',
    label: 'MySQL',
    menuPosition: 2,
    compose: {
      name: 'mysql',
      image: 'mysql:8.4',
      containerPort: 3306,
      environment: {
        MYSQL_DATABASE: '${MYSQL_DATABASE}',
        MYSQL_USER: '${MYSQL_USER}',
        MYSQL_PASSWORD: '${MYSQL_PASSWORD}',
        MYSQL_ROOT_PASSWORD: '${MYSQL_ROOT_PASSWORD}',
      },
      healthcheck: ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1'],
      volumePath: '/var/lib/mysql',
    },
    env: { MYSQL_DATABASE: 'app', MYSQL_USER: 'app', MYSQL_PASSWORD: '<password>', MYSQL_ROOT_PASSWORD: '<password>', MYSQL_PORT: '<port>' },
    url: 'mysql://app:<password>@localhost:<port>/app',
  },
  template: {
    idProperty: 'uuid',
    baseModelComment: [
      "The columns every model shares: spread it into defineEntity's properties.",
      'The id is a UUID made by the app (MySQL/MariaDB store it as char(36)), so ids never depend on the',
      'database and survive a move to another one. Timestamps keep milliseconds.',
    ],
  },
} as const satisfies DatabaseEntry<'mysql'>;

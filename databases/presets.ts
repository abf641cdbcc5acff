import type { DatabasePreset } from './types.ts';

/**
 * Choices that run on one of the databases: their own image or driver (MariaDB), or a hosted URL.
 * Listed after the databases, in this order. Each takes its database's packages unless it names its own.
 */
export const PRESETS = [
  {
    type: 'mysql',
    choice: 'mariadb',
    label: 'MariaDB',
    // MariaDB's own image and MikroORM's MariaDB driver (a mariadb:// URL selects it at run time).
    packages: ['@mikro-orm/mariadb'],
    compose: {
      name: 'mariadb',
      image: 'mariadb:11',
      containerPort: 3306,
      environment: {
        MARIADB_DATABASE: '${MARIADB_DATABASE}',
        MARIADB_USER: '${MARIADB_USER}',
        MARIADB_PASSWORD: '${MARIADB_PASSWORD}',
        MARIADB_ROOT_PASSWORD: '${MARIADB_ROOT_PASSWORD}',
      },
      healthcheck: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'],
      volumePath: '/var/lib/mysql',
    },
    env: { MARIADB_DATABASE: 'app', MARIADB_USER: 'app', MARIADB_PASSWORD: '<password>', MARIADB_ROOT_PASSWORD: '<password>', MARIADB_PORT: '<port>' },
    url: 'mariadb://app:<password>@localhost:<port>/app',
  },
  {
    type: 'mysql',
    choice: 'planetscale',
    label: 'PlanetScale (MySQL over TLS)',
    externalOnly: true,
    env: {},
    url: 'mysql://user:password@aws.connect.psdb.cloud/app?ssl={"rejectUnauthorized":true}',
  },
  {
    type: 'postgresql',
    choice: 'neon',
    label: 'Neon (PostgreSQL)',
    externalOnly: true,
    env: {},
    url: 'postgresql://user:password@ep-example.neon.tech/app?sslmode=require',
  },
  {
    type: 'postgresql',
    choice: 'cockroachdb',
    label: 'CockroachDB (PostgreSQL-compatible)',
    aliases: ['cockroach'],
    compose: {
      name: 'cockroach',
      image: 'cockroachdb/cockroach:v25.2',
      containerPort: 26257,
      environment: {},
      command: 'start-single-node --insecure',
      healthcheck: ['CMD', 'curl', '-f', 'http://localhost:8080/health?ready=1'],
      volumePath: '/cockroach/cockroach-data',
    },
    env: { COCKROACH_PORT: '<port>' },
    url: 'postgresql://root@localhost:<port>/defaultdb?sslmode=disable',
  },
] as const satisfies readonly DatabasePreset<'mysql' | 'postgresql'>[];

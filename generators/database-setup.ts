import { PROVIDER_DESCRIPTORS, type DatabaseType } from '../runtime/providers/descriptors.ts';

/** A compose service farm-db can add: official image on a pinned major tag, with a healthcheck. */
export interface ComposeServiceSpec {
  /** The natural service name; another is chosen when it is taken. */
  name: string;
  image: string;
  containerPort: number;
  /** Variables the service reads, each `${NAME}` from .env. */
  environment: Record<string, string>;
  command?: string;
  healthcheck: string[];
  volumePath: string;
}

export interface DatabaseSetup {
  /** What the user picks: a database type or a preset of one. */
  choice: string;
  /** Shown in prompts. */
  label: string;
  type: DatabaseType;
  /** Packages the app needs besides farm-db and @mikro-orm/core. */
  packages: string[];
  compose?: ComposeServiceSpec;
  /** .env variables with their default values; `port` is filled in when the service is planned. */
  env(port: number, password: string): Record<string, string>;
  /** The DATABASE_URL for the generated compose service (or a placeholder for external ones). */
  url(port: number, password: string): string;
  /** Only an existing URL makes sense (hosted databases). */
  externalOnly?: boolean;
}

const pkg = (type: DatabaseType) => (type === 'sqlite' ? [] : [PROVIDER_DESCRIPTORS[type].driverPackage]);

const postgres: DatabaseSetup = {
  choice: 'postgresql',
  label: 'PostgreSQL',
  type: 'postgresql',
  packages: pkg('postgresql'),
  compose: {
    name: 'postgres',
    image: 'postgres:17',
    containerPort: 5432,
    environment: { POSTGRES_USER: '${POSTGRES_USER}', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD}', POSTGRES_DB: '${POSTGRES_DB}' },
    healthcheck: ['CMD-SHELL', 'pg_isready -U "$${POSTGRES_USER}" -d "$${POSTGRES_DB}"'],
    volumePath: '/var/lib/postgresql/data',
  },
  env: (port, password) => ({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: password, POSTGRES_DB: 'app', POSTGRES_PORT: String(port) }),
  url: (port, password) => `postgresql://app:${password}@localhost:${port}/app`,
};

const mysql: DatabaseSetup = {
  choice: 'mysql',
  label: 'MySQL',
  type: 'mysql',
  packages: pkg('mysql'),
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
  env: (port, password) => ({ MYSQL_DATABASE: 'app', MYSQL_USER: 'app', MYSQL_PASSWORD: password, MYSQL_ROOT_PASSWORD: password, MYSQL_PORT: String(port) }),
  url: (port, password) => `mysql://app:${password}@localhost:${port}/app`,
};

/** MariaDB's own image and MikroORM's MariaDB driver (a mariadb:// URL selects it at run time). */
const mariadb: DatabaseSetup = {
  choice: 'mariadb',
  label: 'MariaDB',
  type: 'mysql',
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
  env: (port, password) => ({
    MARIADB_DATABASE: 'app', MARIADB_USER: 'app', MARIADB_PASSWORD: password, MARIADB_ROOT_PASSWORD: password, MARIADB_PORT: String(port),
  }),
  url: (port, password) => `mariadb://app:${password}@localhost:${port}/app`,
};

const mongodb: DatabaseSetup = {
  choice: 'mongodb',
  label: 'MongoDB',
  type: 'mongodb',
  packages: pkg('mongodb'),
  compose: {
    name: 'mongo',
    image: 'mongo:8',
    containerPort: 27017,
    environment: { MONGO_INITDB_ROOT_USERNAME: '${MONGO_USER}', MONGO_INITDB_ROOT_PASSWORD: '${MONGO_PASSWORD}' },
    healthcheck: ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"],
    volumePath: '/data/db',
  },
  env: (port, password) => ({ MONGO_USER: 'app', MONGO_PASSWORD: password, MONGO_PORT: String(port) }),
  url: (port, password) => `mongodb://app:${password}@localhost:${port}/app?authSource=admin`,
};

const sqlserver: DatabaseSetup = {
  choice: 'sqlserver',
  label: 'SQL Server',
  type: 'sqlserver',
  packages: pkg('sqlserver'),
  compose: {
    name: 'sqlserver',
    image: 'mcr.microsoft.com/mssql/server:2022-latest',
    containerPort: 1433,
    environment: { ACCEPT_EULA: 'Y', MSSQL_SA_PASSWORD: '${MSSQL_SA_PASSWORD}' },
    healthcheck: ['CMD-SHELL', '/opt/mssql-tools18/bin/sqlcmd -C -S localhost -U sa -P "$${MSSQL_SA_PASSWORD}" -Q "select 1"'],
    volumePath: '/var/opt/mssql',
  },
  // SQL Server refuses passwords without upper case, lower case and digits.
  env: (port, password) => ({ MSSQL_SA_PASSWORD: `Aa1${password}`, MSSQL_PORT: String(port) }),
  url: (port, password) => `mssql://sa:Aa1${password}@localhost:${port}/master`,
};

const sqlite: DatabaseSetup = {
  choice: 'sqlite',
  label: 'SQLite (embedded, no server)',
  type: 'sqlite',
  packages: [],
  env: () => ({}),
  url: () => 'file:./data/app.db',
};

export const DATABASE_SETUPS: readonly DatabaseSetup[] = [
  postgres,
  mysql,
  sqlite,
  mongodb,
  sqlserver,
  mariadb,
  { ...mysql, choice: 'planetscale', label: 'PlanetScale (MySQL over TLS)', compose: undefined, externalOnly: true, env: () => ({}),
    url: () => 'mysql://user:password@aws.connect.psdb.cloud/app?ssl={"rejectUnauthorized":true}' },
  { ...postgres, choice: 'neon', label: 'Neon (PostgreSQL)', compose: undefined, externalOnly: true, env: () => ({}),
    url: () => 'postgresql://user:password@ep-example.neon.tech/app?sslmode=require' },
  {
    ...postgres,
    choice: 'cockroachdb',
    label: 'CockroachDB (PostgreSQL-compatible)',
    compose: {
      name: 'cockroach',
      image: 'cockroachdb/cockroach:v25.2',
      containerPort: 26257,
      environment: {},
      command: 'start-single-node --insecure',
      healthcheck: ['CMD', 'curl', '-f', 'http://localhost:8080/health?ready=1'],
      volumePath: '/cockroach/cockroach-data',
    },
    env: port => ({ COCKROACH_PORT: String(port) }),
    url: port => `postgresql://root@localhost:${port}/defaultdb?sslmode=disable`,
  },
];

export const DATABASE_CHOICES = DATABASE_SETUPS.map(s => s.choice);

/** Other names users type for a choice. */
export const DATABASE_ALIASES: Readonly<Record<string, string>> = {
  postgres: 'postgresql',
  pg: 'postgresql',
  mongo: 'mongodb',
  mssql: 'sqlserver',
  sqlite3: 'sqlite',
  cockroach: 'cockroachdb',
};

/** A choice or one of its aliases, in any case. */
export function findSetup(choice: string): DatabaseSetup | undefined {
  const name = choice.toLowerCase();
  return DATABASE_SETUPS.find(s => s.choice === (DATABASE_ALIASES[name] ?? name));
}

/** The name to use in generated comments: the label without its explanation. */
export function setupTitle(setup: DatabaseSetup): string {
  return setup.label.replace(/ \(.+\)$/, '');
}

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { env } from '../../config/env.ts';
import { resolveFarmConfig } from '../../config/resolve.ts';
import type { DatabaseConfig } from '../../config/types.ts';
import { configError } from '../support/config-error.ts';

const FILE = '/app/farm.config.ts';
const resolve = (database: Partial<DatabaseConfig> | Record<string, unknown>, vars: NodeJS.ProcessEnv = {}) =>
  resolveFarmConfig({ database }, { file: FILE, env: vars });

const test = suite('resolving the database config');

test('applies the documented defaults', () => {
  const resolved = resolve({ type: 'postgresql', url: 'postgresql://localhost/app' });
  assert.is(resolved.schema, 'none');
  assert.is(resolved.slowQueryMs, 500);
  assert.equal(resolved.retry, { attempts: 3, delayMs: 500, maxDelayMs: 5000 });
  assert.equal(resolved.monitoring, { enabled: true, snapshotIntervalMs: 10_000, snapshotBufferSize: 360, alerts: null, dashboardToken: null });
  assert.equal(resolved.pool, {});
});

test('an unknown type names the key and lists the types', () => {
  const error = configError(() => resolve({ type: 'oracle' as never, url: 'x' }));
  assert.is(error.key, 'database.type');
  assert.match(error.message, '/app/farm.config.ts → database.type: unknown database type "oracle"');
  assert.match(error.message, 'mongodb, postgresql, mysql, sqlite, sqlserver');
});

test('an unparseable URL is refused without printing its password', () => {
  const error = configError(() => resolve({ type: 'postgresql', url: 'postgresql://app:s3cret@db:99999/app' }));
  assert.is(error.key, 'database.url');
  assert.match(error.message, 'cannot parse the URL');
  assert.not.match(error.message, 's3cret');
  assert.match(error.message, 'app:***@');
});

test('a URL for another database is refused', () => {
  const error = configError(() => resolve({ type: 'postgresql', url: 'mysql://root@localhost/app' }));
  assert.match(error.message, 'the URL scheme "mysql:" does not match database.type "postgresql"');
  assert.match(error.message, 'postgres:// or postgresql://');
});

test('pool.min greater than pool.max is refused with the fix', () => {
  const error = configError(() => resolve({ type: 'postgresql', url: 'postgresql://localhost/app', pool: { min: 10, max: 5 } }));
  assert.is(error.key, 'database.pool');
  assert.match(error.message, 'pool.min (10) is greater than pool.max (5)');
  assert.match(error.message, 'lower database.pool.min to 5 or less');
});

test('an unknown key is refused with a suggestion', () => {
  const error = configError(() => resolve({ type: 'postgresql', url: 'postgresql://localhost/app', hostname: 'x' }));
  assert.is(error.key, 'database.hostname');
  assert.match(error.message, 'did you mean "host"?');
});

test('a negative timeout is refused', () => {
  const error = configError(() => resolve({ type: 'sqlite', url: ':memory:', pool: { acquireTimeoutMs: -1 } }));
  assert.is(error.key, 'database.pool.acquireTimeoutMs');
});

test('a config without anything to connect to is refused', () => {
  const error = configError(() => resolve({ type: 'mysql' }));
  assert.match(error.message, 'neither url nor dbName is set');
  assert.match(error.message, 'DATABASE_URL=mysql://');
});

test('a config without a database block says how to add one', () => {
  const error = configError(() => resolveFarmConfig({ server: {} }, { file: FILE, env: {} }));
  assert.match(error.message, 'the config has no "database" block');
  assert.match(error.message, 'farm db add');
});

test('${VAR} templates read the environment', () => {
  const resolved = resolve({ type: 'postgresql', url: '${DATABASE_URL}', port: '${PGPORT}' }, { DATABASE_URL: 'postgresql://h/app', PGPORT: '6543' });
  assert.is(resolved.url, 'postgresql://h/app');
  assert.is(resolved.port, 6543);
});

test('${VAR:-default} falls back when the variable is unset', () => {
  const resolved = resolve({ type: 'sqlite', url: '${DB_FILE:-file:./data/app.db}' });
  assert.is(resolved.url, 'file:./data/app.db');
});

test("env('VAR') reads the environment, with an optional fallback", () => {
  assert.is(resolve({ type: 'sqlite', url: env('DB') }, { DB: 'file:a.db' }).url, 'file:a.db');
  assert.is(resolve({ type: 'sqlite', url: env('DB', 'file:b.db') }).url, 'file:b.db');
});

test('a missing variable names the key, the variable and the fix', () => {
  const error = configError(() => resolve({ type: 'postgresql', url: '${DATABASE_URL}' }));
  assert.is(error.key, 'database.url');
  assert.match(error.message, 'environment variable DATABASE_URL is not set');
  assert.match(error.message, '.env next to farm.config.ts');
});

test('a port that is not a TCP port is refused', () => {
  const error = configError(() => resolve({ type: 'postgresql', host: 'h', dbName: 'app', port: 'abc' }));
  assert.is(error.key, 'database.port');
});

test('SQLite accepts a plain file path and :memory:', () => {
  assert.is(resolve({ type: 'sqlite', url: './data/app.db' }).url, './data/app.db');
  assert.is(resolve({ type: 'sqlite', url: ':memory:' }).url, ':memory:');
});

test('alert thresholds fill in from the defaults and are checked', () => {
  const alerts = resolve({ type: 'sqlite', url: ':memory:', monitoring: { alerts: { p95Ms: 250 } } }).monitoring.alerts;
  assert.equal(alerts, { poolUtilization: 0.9, waitingRequests: 5, p95Ms: 250, errorRate: 0.05, healthFail: true, intervalMs: 5000 });
  assert.throws(() => resolve({ type: 'sqlite', url: ':memory:', monitoring: { alerts: { poolUtilization: 90 } } }), (e: Error) =>
    e.message.includes('database.monitoring.alerts.poolUtilization') && e.message.includes('0.9'));
  assert.throws(() => resolve({ type: 'sqlite', url: ':memory:', monitoring: { alerts: { p95: 10 } } }), /did you mean "p95Ms"/);
});

test('the dashboard token comes from the config (with ${VAR}) or FARM_DASHBOARD_TOKEN', () => {
  assert.is(resolve({ type: 'sqlite', url: ':memory:', monitoring: { dashboardToken: '${TOKEN}' } }, { TOKEN: 'abc' }).monitoring.dashboardToken, 'abc');
  assert.is(resolve({ type: 'sqlite', url: ':memory:' }, { FARM_DASHBOARD_TOKEN: 'xyz' }).monitoring.dashboardToken, 'xyz');
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { env } from '../../config/env.ts';
import { resolveFarmConfig } from '../../config/resolve.ts';
import type { DatabaseConfig } from '../../config/types.ts';
import { configError } from '../support/config-error.ts';
import { replicaConnectionOptions } from '../../runtime/replicas/options.ts';

const FILE = '/app/farm.config.ts';
const PRIMARY = 'postgresql://app:s3cret@db-primary:5432/app';
const resolve = (database: Partial<DatabaseConfig> | Record<string, unknown>, vars: NodeJS.ProcessEnv = {}) =>
  resolveFarmConfig({ database: { type: 'postgresql', url: PRIMARY, ...database } }, { file: FILE, env: vars });

const test = suite('database.replicas in the config');

test('no replicas by default, probed every 5 s once there are some', () => {
  const resolved = resolve({});
  assert.equal(resolved.replicas, []);
  assert.is(resolved.replicaProbeIntervalMs, 5000);
});

test('replica URLs are interpolated from the environment like database.url', () => {
  const resolved = resolve(
    { replicas: ['${REPLICA_1}', env('REPLICA_2'), 'postgresql://app:pw@${REPLICA_HOST:-db-r3}:5432/app'] },
    { REPLICA_1: 'postgresql://app:pw@db-r1:5432/app', REPLICA_2: 'postgresql://app:pw@db-r2:5432/app' },
  );
  assert.equal(resolved.replicas, [
    'postgresql://app:pw@db-r1:5432/app',
    'postgresql://app:pw@db-r2:5432/app',
    'postgresql://app:pw@db-r3:5432/app',
  ]);
});

test('a missing variable names the replica entry', () => {
  const error = configError(() => resolve({ replicas: ['postgresql://db-r1/app', '${REPLICA_2}'] }));
  assert.is(error.key, 'database.replicas[1]');
  assert.match(error.message, 'environment variable REPLICA_2 is not set');
});

test('replicas must be a list', () => {
  const error = configError(() => resolve({ replicas: 'postgresql://db-r1/app' as never }));
  assert.is(error.key, 'database.replicas');
  assert.match(error.message, 'expected a list of replica URLs');
});

test('an unparseable replica URL is refused without printing its password', () => {
  const error = configError(() => resolve({ replicas: ['postgresql://app:t0psecret@db-r1:99999/app'] }));
  assert.is(error.key, 'database.replicas[0]');
  assert.match(error.message, 'cannot parse the URL');
  assert.not.match(error.message, 't0psecret');
});

test('a replica URL for another database is refused', () => {
  const error = configError(() => resolve({ replicas: ['mysql://root@db-r1/app'] }));
  assert.is(error.key, 'database.replicas[0]');
  assert.match(error.message, 'the URL scheme "mysql:" does not match database.type "postgresql"');
});

test('the primary listed as a replica is refused, its password hidden', () => {
  const error = configError(() => resolve({ replicas: [PRIMARY] }));
  assert.match(error.message, "is the primary's URL");
  assert.not.match(error.message, 's3cret');
});

test('the same replica twice is refused', () => {
  const error = configError(() => resolve({ replicas: ['postgresql://a@db-r1:5432/app', 'postgresql://b@db-r1:5432/app'] }));
  assert.is(error.key, 'database.replicas[1]');
  assert.match(error.message, 'the same replica as database.replicas[0]');
});

test('SQLite and MongoDB say why they have no replicas', () => {
  const sqlite = configError(() =>
    resolveFarmConfig({ database: { type: 'sqlite', url: 'file:./a.db', replicas: ['file:./b.db'] } }, { env: {} }),
  );
  assert.match(sqlite.message, 'read replicas are not available on sqlite');
  const mongo = configError(() =>
    resolveFarmConfig({ database: { type: 'mongodb', url: 'mongodb://db/app', replicas: ['mongodb://db2/app'] } }, { env: {} }),
  );
  assert.match(mongo.message, 'readPreference=secondaryPreferred');
});

test('MikroORM gets each replica with the primary database and URL scheme where it names none', () => {
  const options = replicaConnectionOptions(['mariadb://root@db-r1:3307', 'mariadb://root@db-r2:3307/other'], {
    clientUrl: 'mysql://root@db-primary:3306/app',
  });
  assert.equal(options, [
    { name: 'db-r1:3307', clientUrl: 'mysql://root@db-r1:3307/app' },
    { name: 'db-r2:3307', clientUrl: 'mysql://root@db-r2:3307/other' },
  ]);
});

test.run();

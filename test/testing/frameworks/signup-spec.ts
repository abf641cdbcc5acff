/**
 * The test file every framework runs, twice in parallel workers: two tests that each sign up
 * the same author (a unique email), which passes only when every test starts from an empty
 * table, in a database no other worker writes to. Each worker notes its database's name in
 * FARM_EXAMPLE_OUT so the outer test can check the names differ and are gone afterwards.
 */
import { appendFileSync } from 'node:fs';
import type { DatabaseConfig } from '../../../config/types.ts';
import { createTestDatabase, rollbackEach, type EachHooks, type TestDatabase } from '../../../testing/index.ts';
import { Author, MODELS } from '../../support/models.ts';

export interface Framework extends EachHooks {
  beforeAll(fn: () => Promise<void>): unknown;
  afterAll(fn: () => Promise<void>): unknown;
  test(title: string, fn: () => Promise<void>): unknown;
  equal(actual: unknown, expected: unknown): void;
}

export function signupSpec(framework: Framework): void {
  const config = JSON.parse(process.env.FARM_EXAMPLE_CONFIG!) as DatabaseConfig;
  let database: TestDatabase;
  framework.beforeAll(async () => {
    database = await createTestDatabase({ config, models: MODELS });
    appendFileSync(process.env.FARM_EXAMPLE_OUT!, `${database.name}\n`);
  });
  framework.afterAll(() => database.drop());
  rollbackEach(() => database, framework);

  for (const attempt of [1, 2]) {
    framework.test(`signs up ada@example.com (${attempt})`, async () => {
      await database.db.transaction(async em => void em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
      framework.equal(await database.db.em.count(Author), 1);
    });
  }
}

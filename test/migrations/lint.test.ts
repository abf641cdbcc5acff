import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineEntity, p } from '@mikro-orm/core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lintMigrations, type LintReport, type SqlDialect } from '../../migrations/lint/index.ts';
import type { Model } from '../../runtime/manager.ts';
import { SQL_TARGETS, type TestTarget } from '../support/databases.ts';
import { realMigration } from './lint-support/real-migration.ts';

type Props = Parameters<typeof defineEntity>[0]['properties'];
const person = (properties: Props): Model =>
  defineEntity({ name: 'Person', tableName: 'people', properties: { id: p.integer().primary(), ...properties } });
const BASE = { email: p.string().length(200), nick: p.string().nullable(), age: p.integer() };
const V1 = person(BASE);
const Pet = defineEntity({ name: 'Pet', tableName: 'pets', properties: { id: p.integer().primary(), name: p.string() } });

interface Case {
  rule: string;
  title: string;
  before: Model[];
  after: Model[];
  /** The dialects the rule is raised on; on the others the same change must not raise it. */
  on: SqlDialect[];
}

const { age: _age, ...withoutAge } = BASE;
const { nick: _nick, ...withoutNick } = BASE;
const ALL: SqlDialect[] = ['sqlite', 'postgresql', 'mysql'];
const CASES: Case[] = [
  { rule: 'drop-table', title: 'dropping a table', before: [V1, Pet], after: [V1], on: ALL },
  { rule: 'drop-column', title: 'dropping a column', before: [V1], after: [person(withoutAge)], on: ALL },
  // SQLite keeps any length in any text column: shortening varchar(200) to (50) writes no SQL there.
  { rule: 'narrow-type', title: 'shortening a varchar', before: [V1], after: [person({ ...BASE, email: p.string().length(50) })], on: ['postgresql', 'mysql'] },
  { rule: 'narrow-type', title: 'integer to smallint', before: [V1], after: [person({ ...BASE, age: p.smallint() })], on: ['postgresql', 'mysql'] },
  { rule: 'not-null-without-default', title: 'adding a NOT NULL column without default', before: [V1], after: [person({ ...BASE, code: p.string() })], on: ALL },
  { rule: 'not-null-without-default', title: 'adding a NOT NULL column with a default', before: [V1], after: [person({ ...BASE, code: p.string().default('x') })], on: [] },
  {
    rule: 'rename-as-drop-add',
    title: 'a column replaced by one of another name and type',
    before: [V1],
    after: [person({ ...withoutNick, points: p.integer().nullable() })],
    on: ALL,
  },
  { rule: 'unique-on-existing-data', title: 'a unique index on an existing column', before: [V1], after: [person({ ...BASE, email: p.string().length(200).unique() })], on: ALL },
  { rule: 'pg-index-not-concurrent', title: 'an index on an existing column', before: [V1], after: [person({ ...BASE, age: p.integer().index() })], on: ['postgresql'] },
  { rule: 'pg-table-rewrite', title: 'integer to bigint', before: [V1], after: [person({ ...BASE, age: p.bigint() })], on: ['postgresql'] },
  { rule: 'narrow-type', title: 'integer to bigint (a widening)', before: [V1], after: [person({ ...BASE, age: p.bigint() })], on: [] },
  { rule: 'mysql-locking-alter', title: 'lengthening a varchar', before: [V1], after: [person({ ...BASE, email: p.string().length(300) })], on: ['mysql'] },
];

const dialectOf = (target: TestTarget): SqlDialect => (target.name === 'mariadb' ? 'mysql' : (target.name as SqlDialect));
const rules = (report: LintReport) => report.findings.map(finding => finding.rule);

for (const target of SQL_TARGETS) {
  const dialect = dialectOf(target);
  const s = suite(`migration lint [${target.name}]`);

  for (const entry of CASES) {
    const raised = entry.on.includes(dialect);
    s(`${entry.title}: ${raised ? 'raises' : 'does not raise'} ${entry.rule}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'farm-lint-'));
      try {
        const up = await realMigration(target, dir, 'Migration20260101000000', entry.before, entry.after);
        const report = lintMigrations({ dir, dialect });
        assert.is(rules(report).includes(entry.rule as never), raised, `${rules(report).join(', ') || 'no findings'} for:\n${up.join('\n')}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  s('a `// farm-db-allow: <rule>` comment in the migration allows it: reported, not blocking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'farm-lint-'));
    try {
      await realMigration(target, dir, 'Migration20260101000000', [V1], [person(withoutAge)], '// farm-db-allow: drop-column\n');
      const report = lintMigrations({ dir, dialect });
      const finding = report.findings.find(entry => entry.rule === 'drop-column')!;
      assert.ok(finding.allowed);
      assert.equal(report.blocking, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  s('the allow option (--allow <rule>) allows it for every migration; without it the drop blocks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'farm-lint-'));
    try {
      await realMigration(target, dir, 'Migration20260101000000', [V1, Pet], [V1]);
      assert.equal(lintMigrations({ dir, dialect }).blocking.map(finding => finding.rule), ['drop-table']);
      assert.equal(lintMigrations({ dir, dialect, allow: ['drop-table'] }).blocking, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  s.run();
}

const mongo = suite('migration lint [mongodb JSON migrations]');

function mongoMigration(up: object[], description = 'test'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'farm-lint-mongo-'));
  writeFileSync(join(dir, '20260101000000.json'), JSON.stringify({ id: '20260101000000', description, up, down: [] }, null, 2));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

for (const [op, rule, extra] of [
  ['dropCollection', 'mongo-drop-collection', {}],
  ['unsetField', 'mongo-unset-field', { field: 'nick' }],
  ['renameField', 'mongo-rename-field', { field: 'nick', to: 'handle' }],
] as const) {
  mongo(`${op} raises ${rule}`, () => {
    const migration = mongoMigration([{ op, collection: 'people', ...extra }]);
    try {
      assert.equal(lintMigrations({ dir: migration.dir, dialect: 'mongodb' }).blocking.map(finding => finding.rule), [rule]);
    } finally {
      migration.remove();
    }
  });
}

mongo('createIndex and setField raise nothing', () => {
  const migration = mongoMigration([
    { op: 'createIndex', collection: 'people', keys: { email: 1 } },
    { op: 'setField', collection: 'people', field: 'active', value: true },
  ]);
  try {
    assert.equal(lintMigrations({ dir: migration.dir, dialect: 'mongodb' }).findings, []);
  } finally {
    migration.remove();
  }
});

mongo('"farm-db-allow: <rule>" in the description allows it', () => {
  const migration = mongoMigration([{ op: 'dropCollection', collection: 'people' }], 'retire people (farm-db-allow: mongo-drop-collection)');
  try {
    assert.equal(lintMigrations({ dir: migration.dir, dialect: 'mongodb' }).blocking, []);
  } finally {
    migration.remove();
  }
});

mongo('an unknown rule in the allow option is an error naming the rules', () => {
  assert.throws(() => lintMigrations({ dir: tmpdir(), dialect: 'mongodb', allow: ['drop-everything'] }), /unknown lint rule drop-everything/);
});

mongo.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { mariadbTarget, postgresTarget, sqliteTarget, type TestTarget } from '../support/databases.ts';
import { Ledger, LEDGER_ROWS } from '../support/big-integer-model.ts';
import { openPortable } from '../support/portable-project.ts';

/** A fresh database of `target` holding LEDGER_ROWS, dropped after `body`. */
async function withLedger(target: TestTarget, body: (db: DatabaseManager) => Promise<void>): Promise<void> {
  const created = await target.create();
  const db = await openPortable(created.config, 'update', [Ledger]);
  try {
    await db.transaction(async em => {
      for (const row of LEDGER_ROWS) em.create(Ledger, row);
    });
    await body(db);
  } finally {
    await db.shutdown();
    await created.drop();
  }
}

// node:sqlite refuses to read an integer beyond ±2^53 as a number: SQLite used to store such a
// BIGINT and then fail every query that read it back.
for (const target of [sqliteTarget, postgresTarget, mariadbTarget]) {
  const test = suite(`big integers on ${target.name}`);

  test('a BIGINT beyond 2^53 is read back exactly, in each mode, and other integers stay numbers', () =>
    withLedger(target, async db => {
      const rows = await db.em.fork().find(Ledger, {}, { orderBy: { id: 'asc' } });
      assert.equal(rows.map(row => ({ ...row })), LEDGER_ROWS);
      assert.is(typeof rows[0]!.id, 'number');
      assert.is((await db.em.fork().findOneOrFail(Ledger, { exact: 9007199254740993n })).id, 1, 'a big integer finds its row');
    }));

  test('a streamed read (em.stream) carries BIGINTs beyond 2^53 exactly', () =>
    withLedger(target, async db => {
      const streamed = [];
      for await (const row of db.em.fork().stream(Ledger, { orderBy: { id: 'asc' } })) streamed.push({ ...row });
      assert.equal(streamed, LEDGER_ROWS);
    }));

  test.run();
}

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allMatch, transferDatabase, verificationTable } from '../../portability/index.ts';
import { mariadbTarget, postgresTarget, sqliteTarget } from '../support/databases.ts';
import { Ledger, LEDGER_ROWS } from '../support/big-integer-model.ts';
import { withPair } from '../support/portable-project.ts';

const test = suite('moving big integers');

for (const [from, to] of [[sqliteTarget, postgresTarget], [postgresTarget, sqliteTarget], [mariadbTarget, sqliteTarget]] as const) {
  test(`${from.name} → ${to.name}: BIGINTs beyond 2^53 arrive exact and verify`, () =>
    withPair(
      from,
      to,
      async ({ source, target }) => {
        await source.transaction(async em => {
          for (const row of LEDGER_ROWS) em.create(Ledger, row);
        });
        const rows = await transferDatabase(source, target, { batchSize: 2 });
        assert.ok(allMatch(rows), verificationTable(rows));
        const moved = await target.em.fork().find(Ledger, {}, { orderBy: { id: 'asc' } });
        assert.equal(moved.map(row => ({ ...row })), LEDGER_ROWS);
      },
      [Ledger],
    ),
  );
}

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DatabaseType } from '../../databases/index.ts';
import { redactSql } from '../../runtime/monitoring/redact-sql.ts';
import { mariadbTarget, postgresTarget, sqliteTarget, type TestTarget } from '../support/databases.ts';
import { openManager } from '../support/suite.ts';

/** Every literal form of each dialect, as a query would carry it, and what the log must show. */
const CASES: Record<Exclude<DatabaseType, 'mongodb'>, [string, string][]> = {
  postgresql: [
    [`select $tag$secret$tag$ as a`, 'select ? as a'],
    [`select $$secret$$, $a_1$x $$ y$a_1$`, 'select ?, ?'],
    [`select E'it\\'s secret', e'x'`, 'select ?, ?'],
    [`select 'C:\\' || 'secret'`, 'select ? || ?'],
    [`select U&'d\\0061t', B'1010', X'1F'`, 'select ?, ?, ?'],
    [`select 1_000_000, 0x1F, 0o17, 0b101, .5, 3.14e-2`, 'select ?, ?, ?, ?, ?, ?'],
    [`select "col1" from "t2" where x = $1 and y = -7`, 'select "col1" from "t2" where x = $1 and y = ?'],
    [`select 1 /* a /* nested */ 'still comment' */ , 'secret'`, `select ? /* a /* nested */ 'still comment' */ , ?`],
    [`select 'unterminated secret`, 'select ?'],
  ],
  mysql: [
    [`select 'it\\'s secret', "double secret"`, 'select ?, ?'],
    [`select N'secret', _utf8mb4'secret', X'736563', x'73', b'0101'`, 'select ?, ?, ?, ?, ?'],
    [`select 0x736563726574, 0b0101, 42, -1.5e3`, 'select ?, ?, ?, ?'],
    [`select \`col1\` from \`t2\` where a = ? # comment 'x'`, "select `col1` from `t2` where a = ? # comment 'x'"],
    [`select 1 /* c */ 'secret' */`, 'select ? /* c */ ? */'],
  ],
  sqlite: [
    [`select 'C:\\' , 'secret'`, 'select ? , ?'],
    [`select X'736563726574', x'00', 0x1F, 1e10`, 'select ?, ?, ?, ?'],
    [`select [col 1], "t2"."id" from [t 2] where a = ?`, 'select [col 1], "t2"."id" from [t 2] where a = ?'],
  ],
  sqlserver: [
    [`select N'secret', 'it''s'`, 'select ?, ?'],
    [`select 0x736563726574, $12.50, 7`, 'select ?, ?, ?'],
    [`select [col 1] from [dbo].[t2] where a = @p1`, 'select [col 1] from [dbo].[t2] where a = @p1'],
  ],
};

const units = suite('redactSql, per dialect');
for (const [dialect, cases] of Object.entries(CASES) as [DatabaseType, [string, string][]][]) {
  for (const [sql, expected] of cases) {
    units(`${dialect}: ${sql}`, () => assert.is(redactSql(sql, dialect), expected));
  }
}
units.run();

/** Queries the server runs, each carrying the word "secret" in a literal form of its dialect. */
const LIVE: [TestTarget, string[]][] = [
  [postgresTarget, [`select $tag$secret$tag$ as a`, `select E'sec\\'ret secret' as a`, `select X'1F' as a, 'secret' as b`]],
  [mariadbTarget, [`select 'it\\'s secret' as a`, `select "secret" as a`, `select _utf8mb4'secret' as a, x'736563726574' as b`]],
  [sqliteTarget, [`select 'secret' as a`, `select X'736563726574' as a`]],
];

for (const [target, queries] of LIVE) {
  const live = suite(`slow queries keep no literal [${target.name}]`);
  live('slowQueries() and the log show every literal as ?', async () => {
    const database = await target.create();
    const { db, logger } = await openManager(database, { slowQueryMs: 0 });
    try {
      for (const query of queries) await db.em.getConnection().execute(query);
      const shown = db.monitor.slowQueries().map(q => q.sql).join('\n');
      for (const query of queries) assert.ok(shown.includes(redactSql(query, database.config.type)), `${query} is listed:\n${shown}`);
      assert.not.ok(/secret|736563/.test(shown), shown);
      const logged = logger.entries.filter(entry => entry.details.event === 'slow_query');
      assert.ok(logged.length >= queries.length);
      assert.not.ok(/secret|736563/.test(JSON.stringify(logged)), 'the log carries a value');
    } finally {
      await db.shutdown();
      await database.drop();
    }
  });
  live.run();
}

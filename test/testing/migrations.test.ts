import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineEntity, p } from '@mikro-orm/core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase } from '../../testing/index.ts';
import { tempDir, TESTING_TARGETS } from './support/servers.ts';

const migrationBase = new URL('../../migrations/index.ts', import.meta.url).href;
const Note = defineEntity({ name: 'Note', tableName: 'notes', properties: { id: p.integer().primary(), body: p.string().length(100) } });

function project(config: object): { dir: string; remove(): void } {
  const folder = tempDir('farm-testing-project-');
  writeFileSync(join(folder.dir, 'farm.config.ts'), `export default { database: ${JSON.stringify(config)} };\n`);
  const migrations = join(folder.dir, 'migrations');
  mkdirSync(migrations);
  writeFileSync(
    join(migrations, 'Migration20260101000000_notes.ts'),
    `import { Migration } from ${JSON.stringify(migrationBase)};
export class Migration20260101000000_notes extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table notes (id int primary key, body varchar(100) not null)');
  }
}
`,
  );
  return folder;
}

for (const target of TESTING_TARGETS) {
  const s = suite(`createTestDatabase from the project's config and migrations [${target.name}]`);

  s("loads farm.config.ts and builds the schema by running the project's migrations", async () => {
    const folder = project(target.config);
    try {
      const database = await createTestDatabase({ configFrom: folder.dir, models: [Note] });
      try {
        const status = await (await database.db.migrations()).status();
        assert.equal(status.map(entry => [entry.name, entry.applied]), [['Migration20260101000000_notes', true]]);
        await database.db.transaction(async em => void em.create(Note, { id: 1, body: 'migrated' }));
        assert.is(await database.db.em.count(Note), 1);
      } finally {
        await database.drop();
      }
    } finally {
      folder.remove();
    }
  });

  s.run();
}

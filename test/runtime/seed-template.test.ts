import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DatabaseManager } from '../../runtime/manager.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { SQL_TARGETS } from '../support/databases.ts';
import { Tag } from '../testing/support/tag-model.ts';

const template = join(import.meta.dirname, '..', '..', 'templates', 'base', 'database', '_shared', 'seed.ts.hbs');
const tagModel = new URL('../testing/support/tag-model.ts', import.meta.url).href;

for (const target of SQL_TARGETS) {
  const s = suite(`seed template [${target.name}]`);

  s('running the generated seed twice leaves the same rows', async () => {
    const database = await target.create({ retry: { attempts: 1 } });
    const db = new DatabaseManager(database.config, { logger: captureLogger() });
    db.registerModels([Tag]);
    const dir = mkdtempSync(join(tmpdir(), 'farm-seed-template-'));
    try {
      await db.initialize();
      const render = Handlebars.compile(readFileSync(template, 'utf8'), { noEscape: true });
      writeFileSync(join(dir, '001-tags.ts'), render({ modelName: 'Tag', modelImport: tagModel, naturalKey: 'label' }));
      await db.seed({ dir });
      await db.seed({ dir });
      const labels = (await db.em.find(Tag, {}, { orderBy: { label: 'asc' } })).map(tag => tag.label);
      assert.equal(labels, ['first', 'second']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.shutdown();
      await database.drop();
    }
  });

  s.run();
}

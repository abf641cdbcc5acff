import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planAdd } from '../../generators/db-add.ts';
import { DATABASE_TYPES } from '../../databases/index.ts';
import { REPO, copyFixture } from '../support/generated-project.ts';

/**
 * What the templates produce for each provider, in the default style (two spaces, single quotes,
 * semicolons, `.ts` imports: the express-esm fixture), kept in test/golden/<type>/.
 * After an intended template change: UPDATE_GOLDEN=1 npm test -- golden
 */
const GOLDEN = join(REPO, 'test/golden');
const FILES = ['farm.config.ts', 'src/database/base-model.ts', 'src/database/connection.ts', 'src/database/index.ts', 'src/database/models.ts', 'src/models/example.ts'];

const test = suite('templates match their golden files');
const dir = copyFixture('express-esm');

for (const type of DATABASE_TYPES) {
  test(`${type}`, async () => {
    const { tree } = await planAdd({ dir, choice: type, force: false });
    for (const file of FILES) {
      const golden = join(GOLDEN, type, file.replaceAll('/', '__'));
      const actual = tree.read(file)!;
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(join(GOLDEN, type), { recursive: true });
        writeFileSync(golden, actual);
      }
      assert.ok(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npm test -- golden and review it`);
      assert.fixture(actual, readFileSync(golden, 'utf8'), `${type}: ${file}`);
    }
  });
}

test.run();

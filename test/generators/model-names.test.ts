import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm, typecheck } from '../support/generated-project.ts';

const fixture = () => copyFixture('express-esm');
const add = (dir: string) => farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir);
const registry = (dir: string) => readFileSync(join(dir, 'src/database/models.ts'), 'utf8');
const model = (dir: string, file: string, name: string) => {
  mkdirSync(join(dir, 'src/models'), { recursive: true });
  const entity = `defineEntity({ name: '${name.replace(/\$/g, '')}', properties: { id: p.integer().primary() } })`;
  writeFileSync(join(dir, 'src/models', file), `import { defineEntity, p } from 'farm-db/runtime';\nexport const ${name} = ${entity};\n`);
};

const names = suite('db add: model files and names');

names("a model file named quote'd.ts is imported by a models.ts that compiles", () => {
  const dir = fixture();
  model(dir, "quote'd.ts", 'Quoted');
  assert.is(add(dir).code, 0);
  assert.match(registry(dir), "import { Quoted } from '../models/quote\\'d.ts';");
  assert.is(typecheck(dir), '');
});

names("a model file named quote'd.ts added later is imported by the re-run's codemod, still compiling", () => {
  const dir = fixture();
  model(dir, 'book.ts', 'Book');
  assert.is(add(dir).code, 0);
  model(dir, "quote'd.ts", 'Quoted');
  assert.is(add(dir).code, 0);
  assert.match(registry(dir), /export const models = \[Book, Quoted\];/);
  assert.is(typecheck(dir), '');
});

names('models exported as Café and $Dollar (any JavaScript identifier) are registered', () => {
  const dir = fixture();
  model(dir, 'cafe.ts', 'Café');
  model(dir, 'dollar.ts', '$Dollar');
  assert.is(add(dir).code, 0);
  assert.match(registry(dir), /export const models = \[Café, \$Dollar\];/);
  assert.is(typecheck(dir), '');
});

names.run();

const mirror = suite('db add: models.ts mirrors the models folder');

mirror('deleting the example model once the project has its own, a re-run drops its import and entry', () => {
  const dir = fixture();
  assert.is(add(dir).code, 0);
  model(dir, 'book.ts', 'Book');
  assert.is(add(dir).code, 0);
  assert.match(registry(dir), /export const models = \[Example, Book\];/);
  unlinkSync(join(dir, 'src/models/example.ts'));
  const result = add(dir);
  assert.is(result.code, 0, result.stderr);
  assert.not.match(registry(dir), 'Example');
  assert.match(registry(dir), /export const models = \[Book\];/);
  assert.is(typecheck(dir), '');
});

mirror('renaming a model export replaces the old name in models.ts', () => {
  const dir = fixture();
  model(dir, 'book.ts', 'Book');
  assert.is(add(dir).code, 0);
  model(dir, 'book.ts', 'Volume');
  assert.is(add(dir).code, 0);
  assert.match(registry(dir), /import \{ Volume \} from '\.\.\/models\/book\.ts';/);
  assert.match(registry(dir), /export const models = \[Volume\];/);
  assert.not.match(registry(dir), 'Book');
});

mirror('a deleted example model is not generated again, and models.ts registers none', () => {
  const dir = fixture();
  assert.is(add(dir).code, 0);
  unlinkSync(join(dir, 'src/models/example.ts'));
  assert.is(add(dir).code, 0);
  assert.not.ok(existsSync(join(dir, 'src/models/example.ts')));
  assert.match(registry(dir), /export const models = \[\];/);
});

mirror('imports of other things in models.ts are left alone', () => {
  const dir = fixture();
  assert.is(add(dir).code, 0);
  const path = join(dir, 'src/database/models.ts');
  writeFileSync(path, `import { randomUUID } from 'node:crypto';\n${registry(dir)}export const registryId = randomUUID();\n`);
  model(dir, 'book.ts', 'Book');
  assert.is(add(dir).code, 0);
  assert.match(registry(dir), "import { randomUUID } from 'node:crypto';");
  assert.match(registry(dir), /export const models = \[Example, Book\];/);
});

mirror.run();

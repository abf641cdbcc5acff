import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument } from 'yaml';
import { copyFixture, farm, snapshot } from '../support/generated-project.ts';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const URL = 'postgresql://app:secret@db.internal:5432/app';

const rerun = suite<{ dir: string }>('farm db add: re-runs need no flags');
rerun.before.each(context => {
  context.dir = copyFixture('express-esm');
});
rerun.after.each(context => rmSync(context.dir, { recursive: true, force: true }));

rerun('the answers are recorded in .farm/manifest.json (never the URL)', ({ dir }) => {
  assert.is(farm(['db', 'add', '--type', 'postgresql', '--url', URL, '--yes', '--skip-install'], dir).code, 0);
  const manifest = read(dir, '.farm/manifest.json');
  assert.equal(JSON.parse(manifest).answers, { type: 'postgresql', connection: 'url', entry: 'src/index.ts', modelsDir: 'src/models' });
  assert.not.match(manifest, 'secret');
});

rerun('after db add --url, a plain db add changes nothing: no compose service, no POSTGRES_* variables', ({ dir }) => {
  assert.is(farm(['db', 'add', '--type', 'postgresql', '--url', URL, '--yes', '--skip-install'], dir).code, 0);
  const before = snapshot(dir);
  const again = farm(['db', 'add', '--yes', '--skip-install'], dir);
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stdout, 'nothing to change');
  assert.equal(snapshot(dir), before);
  assert.not.match(read(dir, '.env'), 'POSTGRES_');
});

rerun('with no --type, the configured type and compose service are reused', ({ dir }) => {
  assert.is(farm(['db', 'add', '--type', 'mysql', '--yes', '--skip-install'], dir).code, 0);
  const before = snapshot(dir);
  const again = farm(['db', 'add', '--yes', '--skip-install'], dir);
  assert.is(again.code, 0, again.stderr);
  assert.equal(snapshot(dir), before);
  assert.equal(Object.keys(parseDocument(read(dir, 'compose.yaml')).toJSON().services), ['mysql']);
});

rerun('--entry and --models given once are not needed again', ({ dir }) => {
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--entry', 'src/index.ts', '--models', 'src/entities', '--yes', '--skip-install'], dir).code, 0);
  const before = snapshot(dir);
  const again = farm(['db', 'add', '--yes', '--skip-install'], dir);
  assert.is(again.code, 0, again.stderr);
  assert.equal(snapshot(dir), before, 'the example model stays in src/entities, no second one in src/models');
});

rerun('another --type is refused with exit 2, pointing to farm db switch; nothing is written', ({ dir }) => {
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  const before = snapshot(dir);
  const other = farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir);
  assert.is(other.code, 2);
  assert.match(other.stderr, 'the project is set up for SQLite, not PostgreSQL');
  assert.match(other.stderr, 'farm db switch --type postgresql');
  assert.equal(snapshot(dir), before);
  assert.is(farm(['db', 'info'], dir).code, 0, 'the project still works');
});

rerun('--url on a re-run sets DATABASE_URL, keeps the old line commented, and shows it in the diff', ({ dir }) => {
  assert.is(farm(['db', 'add', '--type', 'postgresql', '--url', URL, '--yes', '--skip-install'], dir).code, 0);
  const next = 'postgresql://app:secret@db2.internal:5432/app';
  const dry = farm(['db', 'add', '--url', next, '--dry-run', '--show-secrets'], dir);
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, `-DATABASE_URL=${URL}`);
  assert.match(dry.stdout, `+DATABASE_URL=${next}`);
  assert.is(farm(['db', 'add', '--url', next, '--yes', '--skip-install'], dir).code, 0);
  const env = read(dir, '.env');
  assert.match(env, `# DATABASE_URL=${URL}`);
  assert.match(env, new RegExp(`^DATABASE_URL=${next}$`, 'm'));
  assert.not.match(read(dir, '.env.example'), 'db2.internal', 'the example file keeps its placeholder');
});

rerun.run();

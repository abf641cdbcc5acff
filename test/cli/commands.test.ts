import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm, REPO } from '../support/generated-project.ts';

const COMMANDS = ['add', 'info', 'migrate', 'switch', 'export', 'import', 'dashboard'];

const help = suite('farm: version, help and did-you-mean');

help('--version prints the package version', () => {
  const result = farm(['--version'], REPO);
  assert.is(result.code, 0);
  assert.is(result.stdout.trim(), JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
});

help('db --help lists every command, one line each', () => {
  const result = farm(['db', '--help'], REPO);
  assert.is(result.code, 0);
  for (const name of COMMANDS) assert.match(result.stdout, new RegExp(`^  db ${name} +\\S.*$`, 'm'), `db ${name}`);
});

help('every command has --help with usage and examples', () => {
  for (const name of COMMANDS) {
    const result = farm(['db', name, '--help'], REPO);
    assert.is(result.code, 0, `db ${name}: ${result.stderr}`);
    assert.match(result.stdout, `Usage: farm db ${name}`);
    assert.match(result.stdout, /\nExamples:\n  farm db /, `db ${name} has examples`);
  }
});

help('a mistyped command suggests the right one', () => {
  const result = farm(['db', 'migarte'], REPO);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'unknown command "db migarte" (did you mean db migrate?)');
});

help('a mistyped flag suggests the right one, without parseArgs internals', () => {
  const result = farm(['db', 'add', '--dry-rn'], REPO);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'unknown flag --dry-rn for farm db add (did you mean --dry-run?)');
  assert.match(result.stderr, 'Run farm db add --help');
  assert.not.match(result.stderr, /ERR_PARSE_ARGS|strict:|allowPositionals/);
});

help('a flag without its value says so', () => {
  const result = farm(['db', 'add', '--type', '--yes'], REPO);
  assert.is(result.code, 2);
  assert.match(result.stderr, '--type needs a value');
});

help('a mistyped --type suggests the right one and lists the types', () => {
  const result = farm(['db', 'add', '--type', 'postgresq', '--yes'], REPO);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'unknown database type "postgresq" (did you mean postgresql?)');
  assert.match(result.stderr, 'also: postgres, pg');
});

help.run();

const aliases = suite('farm db add --type aliases');

for (const [alias, type] of [['postgres', 'postgresql'], ['pg', 'postgresql'], ['mongo', 'mongodb'], ['mssql', 'sqlserver'], ['sqlite3', 'sqlite']]) {
  aliases(`${alias} is ${type}`, () => {
    const dir = copyFixture('express-esm');
    try {
      const result = farm(['db', 'add', '--type', alias!, '--yes', '--skip-install'], dir);
      assert.is(result.code, 0, result.stderr);
      assert.match(readFileSync(join(dir, 'farm.config.ts'), 'utf8'), `type: '${type}'`);
      assert.is(JSON.parse(readFileSync(join(dir, '.farm/manifest.json'), 'utf8')).answers.type, type);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

aliases('mariadb adds the MariaDB image and driver', () => {
  const dir = copyFixture('express-esm');
  try {
    const result = farm(['db', 'add', '--type', 'mariadb', '--yes', '--skip-install'], dir);
    assert.is(result.code, 0, result.stderr);
    assert.match(readFileSync(join(dir, 'compose.yaml'), 'utf8'), 'image: mariadb:11');
    assert.ok(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies['@mikro-orm/mariadb']);
    assert.match(readFileSync(join(dir, '.env'), 'utf8'), /^DATABASE_URL=mariadb:\/\/app:\w+@localhost:3306\/app$/m);
    assert.match(readFileSync(join(dir, 'farm.config.ts'), 'utf8'), "type: 'mysql'");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

aliases.run();

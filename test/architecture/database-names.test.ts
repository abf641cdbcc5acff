import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DATABASE_TYPES, PRESETS } from '../../databases/index.ts';
import { REPO } from '../support/generated-project.ts';

const { ts } = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');

/** Where code may differ by database: the catalog, the providers, and two places that are per database by nature. */
const PER_DATABASE = [
  'databases/',
  'runtime/providers/',
  // farm-db/testing's test servers: one file per database, chosen in index.ts, as the providers are.
  'testing/servers/',
  // Migration lint rules are written per SQL dialect, and named by it.
  'migrations/lint/',
];
const SOURCES = ['index.ts', 'config', 'runtime', 'migrations', 'portability', 'dashboard', 'testing', 'generators', 'cli', 'bin', 'plopfile.ts'];
const NAMES = new Set<string>([...DATABASE_TYPES, ...PRESETS.map(p => p.choice)]);

/** Module specifiers name packages (`from 'mongodb'`), not databases. */
function isModuleSpecifier(node: import('ts-morph').ts.Node): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return true;
  if (ts.isLiteralTypeNode(parent) && ts.isImportTypeNode(parent.parent)) return true;
  return ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(parent.expression) && parent.expression.text === 'require'));
}

/** `file:line 'name'` for each string literal (values and literal types) that is exactly a database type or preset. */
function namedDatabases(file: string): string[] {
  const text = readFileSync(join(REPO, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: import('ts-morph').ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && NAMES.has(node.text) && !isModuleSpecifier(node)) {
      found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} '${node.text}'`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(entry: string): string[] {
  const full = join(REPO, entry);
  if (!statSync(full).isDirectory()) return entry.endsWith('.ts') ? [entry] : [];
  return readdirSync(full).flatMap(name => sourceFiles(relative(REPO, join(full, name))));
}

test('no file outside databases/ and runtime/providers/ (and the test servers and SQL lint rules) names a database type', () => {
  const files = SOURCES.flatMap(sourceFiles).filter(file => !PER_DATABASE.some(folder => file.startsWith(folder)));
  assert.ok(files.includes('runtime/manager.ts') && files.includes('generators/database-setup.ts'), 'the sources are read');
  assert.equal(files.flatMap(namedDatabases), []);
});

test('the check finds a database type in code (it can fail)', () => {
  assert.equal(namedDatabases('databases/sqlite.ts').slice(0, 1), ["databases/sqlite.ts:7 'sqlite'"]);
});

test.run();

import { posix } from 'node:path';
import { parseEnv } from 'node:util';
import type { Tree } from '../tree/tree.ts';
import { CONFIG_FILE_NAMES } from '../../config/load-config.ts';

/** The source files below `dir` (node_modules, dist and dot folders aside), a bounded walk. */
export function sourceFiles(tree: Tree, dir: string, limit = 300): string[] {
  const found: string[] = [];
  const walk = (at: string, depth: number) => {
    for (const name of tree.list(at)) {
      if (found.length >= limit) return;
      if (name.startsWith('.') || ['node_modules', 'dist', 'build', 'coverage'].includes(name)) continue;
      const path = at ? `${at}/${name}` : name;
      if (tree.isDirectory(path)) {
        if (depth < 6) walk(path, depth + 1);
      } else if (/\.[mc]?[jt]s$/.test(name) && !name.endsWith('.d.ts')) found.push(path);
    }
  };
  walk(dir, 0);
  return found;
}

const ORM_PACKAGES: [string, string][] = [
  ['typeorm', 'TypeORM'],
  ['@prisma/client', 'Prisma'],
  ['drizzle-orm', 'Drizzle'],
  ['sequelize', 'Sequelize'],
  ['knex', 'Knex'],
  ['mongoose', 'Mongoose'],
  ['kysely', 'Kysely'],
  ['@mikro-orm/core', 'MikroORM'],
];

/** A source file is farm-db's when it imports farm-db's runtime. */
const isFarmDbFile = (text: string) => /from\s+['"]farm-db(\/runtime)?['"]|require\(\s*['"]farm-db(\/runtime)?['"]\s*\)/.test(text);

/**
 * What database layer the app already has, each as one plain sentence ("TypeORM (typeorm in
 * package.json, a DataSource in src/data-source.ts)"), so farm-db can say what it found and stay apart from it.
 */
export function findExistingDatabase(tree: Tree, app: string, sourceDir: string, dependencies: Record<string, string>): string[] {
  const at = (path: string) => posix.join(app, path);
  const found: string[] = [];
  const sources = sourceFiles(tree, sourceDir).map(path => ({ path, text: tree.read(path) ?? '' })).filter(f => !isFarmDbFile(f.text));
  const typeorm = [
    ...(tree.list(app).filter(name => /^ormconfig\.(json|js|ts|ya?ml)$/.test(name)).map(name => at(name))),
    ...sources.filter(f => /new\s+DataSource\s*\(/.test(f.text)).map(f => `a DataSource in ${f.path}`),
  ];
  // farm-db's own MikroORM packages, once farm-db is set up (its farm.config.ts): not the app's layer.
  const farmDbSetUp = 'farm-db' in dependencies && CONFIG_FILE_NAMES.some(name => tree.exists(at(name)));
  for (const [name, label] of ORM_PACKAGES) {
    const evidence = name in dependencies && !(label === 'MikroORM' && farmDbSetUp) ? [`${name} in package.json`] : [];
    if (label === 'TypeORM') evidence.push(...typeorm);
    if (label === 'Prisma' && tree.exists(at('prisma/schema.prisma'))) evidence.push(at('prisma/schema.prisma'));
    if (label === 'Drizzle') evidence.push(...tree.list(app).filter(name => /^drizzle\.config\.[mc]?[jt]s$/.test(name)).map(name => at(name)));
    if (evidence.length > 0) found.push(`${label} (${evidence.join(', ')})`);
  }
  const ownDb = sources.find(f => /export\s+(const|let|var)\s+db\b|export\s+default\s+db\b/.test(f.text));
  if (ownDb) found.push(`its own \`db\` (${ownDb.path})`);
  const migrations = posix.join(sourceDir, 'database/migrations');
  const foreign = tree.list(migrations).filter(name => !/^Migration\d{14}/.test(name) && !name.startsWith('.'));
  if (foreign.length > 0) found.push(`migrations farm-db did not write in ${migrations}`);
  return found;
}

/**
 * The folder for farm-db's generated files: `<src>/database`, unless something else lives there
 * (another ORM's entities or migrations, the app's own connection): then `<src>/farm-db`.
 * Once chosen the folder stays (a farm-db connection.ts marks it), so a re-run finds the same one.
 */
export function chooseDatabaseDir(tree: Tree, sourceDir: string): string {
  const standard = posix.join(sourceDir, 'database');
  const own = posix.join(sourceDir, 'farm-db');
  const farmConnection = (dir: string) => isFarmDbFile(tree.read(posix.join(dir, 'connection.ts')) ?? '');
  if (farmConnection(own)) return own;
  if (farmConnection(standard) || tree.list(standard).length === 0) return standard;
  return own;
}

/** Files where an app reads a DATABASE_URL of its own (clients, ORM configs, schemas). */
function readsVariable(tree: Tree, app: string, sourceDir: string, name: string): string | undefined {
  const configs = tree.list(app)
    .filter(file => /^(drizzle\.config|ormconfig|knexfile|data-source|prisma\.config)\.[mc]?[jt]s(on)?$/.test(file))
    .map(file => posix.join(app, file));
  const schema = posix.join(app, 'prisma/schema.prisma');
  const candidates = [...configs, ...(tree.exists(schema) ? [schema] : []), ...sourceFiles(tree, sourceDir)];
  const pattern = new RegExp(`\\b${name}\\b`);
  return candidates.find(file => {
    const text = tree.read(file) ?? '';
    return pattern.test(text) && !isFarmDbFile(text);
  });
}

export const FALLBACK_URL_VARIABLE = 'FARM_DATABASE_URL';

/**
 * The environment variable farm-db's url is read from. DATABASE_URL, unless the app already uses
 * it (its code, an ORM config or schema reads it, or .env sets it before farm-db has a config):
 * or .env holds a URL of another database type: then FARM_DATABASE_URL, so neither side reads a URL of the other's type. An existing
 * farm.config.ts keeps the name it has.
 */
export function chooseUrlVariable(
  tree: Tree,
  app: string,
  sourceDir: string,
  databaseType?: string,
): { name: string; reason?: string } {
  const config = tree.read(posix.join(app, 'farm.config.ts'));
  const inConfig = config && /\burl\s*:\s*['"`][^'"`]*\$\{(\w+)\}/.exec(config)?.[1];
  if (inConfig) return { name: inConfig };
  const reader = readsVariable(tree, app, sourceDir, 'DATABASE_URL');
  if (reader) return { name: FALLBACK_URL_VARIABLE, reason: `${reader} already reads DATABASE_URL` };
  for (const file of ['.env', '.env.example', '.env.local']) {
    const path = posix.join(app, file);
    const env = parseEnv(tree.read(path) ?? '');
    const url = env.DATABASE_URL;
    if (url !== undefined && !config && !(databaseType && urlMatchesType(url, databaseType))) {
      return { name: FALLBACK_URL_VARIABLE, reason: `${path} already sets DATABASE_URL for the app` };
    }
  }
  return { name: 'DATABASE_URL' };
}

const SCHEMES: Record<string, RegExp> = {
  sqlite: /^(file:|sqlite:|\.{0,2}\/|[\w-]+\.(db|sqlite3?)$|:memory:)/,
  postgresql: /^postgres(ql)?:/,
  mysql: /^(mysql|mariadb):/,
  mariadb: /^(mysql|mariadb):/,
  mongodb: /^mongodb(\+srv)?:/,
  sqlserver: /^(mssql|sqlserver):/,
};

/** A URL of the database type farm-db is adding (an empty value counts as free to use). */
function urlMatchesType(url: string, type: string): boolean {
  return url === '' || (SCHEMES[type]?.test(url) ?? false);
}

const OTHER_ORMS = String.raw`typeorm|@prisma\/client|drizzle-orm[^'"]*|sequelize[^'"]*|mongoose|@mikro-orm\/[^'"]+|kysely`;
const OTHER_ORM_IMPORT = new RegExp(String.raw`(?:from\s+|require\(\s*)['"](${OTHER_ORMS})['"]`);

/** A models folder that holds another ORM's entities (TypeORM's src/entities): not farm-db's to register. */
export function holdsOtherOrmModels(tree: Tree, dir: string): boolean {
  return sourceFiles(tree, dir, 50).some(file => {
    const text = tree.read(file) ?? '';
    return OTHER_ORM_IMPORT.test(text) && !isFarmDbFile(text);
  });
}

import { posix } from 'node:path';
import { EXIT, GeneratorError } from '../errors.ts';
import type { Tree } from '../tree/tree.ts';
import { detectFramework, type Framework } from './framework.ts';
import { detectStyle, type CodeStyle } from './style.ts';
import { yaml } from '../lazy-yaml.ts';
import { findBuildConfig, nxProject } from './build-config.ts';
import { findEntry } from './entry.ts';
import { chooseDatabaseDir, chooseUrlVariable, findExistingDatabase, holdsOtherOrmModels } from './existing-database.ts';
import { moduleSystem } from './module-system.ts';
import { readTsconfig, type TsconfigFacts } from './tsconfig.ts';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** Where things are in the user's project; every path is relative to the tree root. */
export interface ProjectLayout {
  /** The app package: where package.json, farm.config.ts and its .env live ('' = the tree root). */
  app: string;
  packageManager: PackageManager;
  entry: string;
  sourceDir: string;
  modelsDir: string;
  databaseDir: string;
  framework: Framework;
  style: CodeStyle;
  aliases: { prefix: string; target: string }[];
  /** An existing compose file, if any. */
  composeFile: string | undefined;
  /** The tsconfig that builds the app (build-config.ts), `extends` applied. */
  tsconfig: TsconfigFacts;
  /** Why the module system is what it is ("module commonjs", "no module, target es5 …"). */
  moduleReason: string;
  /** The environment variable farm.config.ts reads the url from: DATABASE_URL, or FARM_DATABASE_URL when the app has its own. */
  urlVariable: string;
  urlVariableReason: string | undefined;
  /** The database layer the app already has, one sentence each (empty when none). */
  existingDatabase: string[];
  /** The app's @types/node version (installed, else the declared range's lowest), if any. */
  typesNode: string | undefined;
  /** The app's @nestjs/terminus version (installed, else declared) when it depends on it: Nest gets a Terminus indicator. */
  terminus?: string;
}

const MODEL_DIRS = ['models', 'entities', 'db/models', 'database/models'];
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['package-lock.json', 'npm'],
];

export function readJson<T>(tree: Tree, path: string): T | undefined {
  const text = tree.read(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new GeneratorError(`${path} is not valid JSON: ${(error as Error).message}`, {
      hint: `fix the JSON in ${tree.absolute(path)}`,
      exitCode: EXIT.usage,
    });
  }
}

interface PackageJson {
  type?: string;
  packageManager?: string;
  main?: string;
  workspaces?: string[] | { packages?: string[] };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Finds the app, its entry, folders, framework and style. `overrides` win over detection. */
export function detectProject(tree: Tree, overrides: { entry?: string; modelsDir?: string; databaseType?: string } = {}): ProjectLayout {
  const rootPackage = readJson<PackageJson>(tree, 'package.json');
  if (!rootPackage) {
    throw new GeneratorError(`no package.json in ${tree.root}`, {
      hint: 'run farm-db in the root of a Node project (or pass --dir <project root>)',
      exitCode: EXIT.usage,
    });
  }
  const workspace = findApp(tree, rootPackage);
  // An Nx app without a package.json of its own: the workspace root holds package.json, .env and farm.config.ts.
  const app = workspace && tree.exists(`${workspace}/package.json`) ? workspace : '';
  const join = (...parts: string[]) => posix.join(app, ...parts).replace(/^\.\/?/, '');
  const appPackage = app ? readJson<PackageJson>(tree, join('package.json'))! : rootPackage;
  const dependencies = { ...rootPackage.dependencies, ...rootPackage.devDependencies, ...appPackage.dependencies, ...appPackage.devDependencies };
  const appDir = workspace || app;
  const nxRoot = appDir !== app ? nxProject(tree, appDir)?.sourceRoot : undefined;
  const sourceDir = nxRoot ?? (tree.isDirectory(posix.join(appDir, 'src')) ? posix.join(appDir, 'src') : appDir);
  const scripts = appPackage.scripts ?? {};
  const entry = overrides.entry
    ? tree.normalize(overrides.entry)
    : findEntry({ tree, app: appDir, monorepoRoot: appDir !== '', scripts, main: appPackage.main, sourceDir, join });
  if (!tree.exists(entry)) {
    throw new GeneratorError(`the entry file ${entry} does not exist`, { hint: 'pass --entry <path to the file that starts the server>', exitCode: EXIT.usage });
  }
  const modelsDir = overrides.modelsDir
    ? tree.normalize(overrides.modelsDir)
    : (MODEL_DIRS.map(d => posix.join(sourceDir, d)).find(d => tree.isDirectory(d) && !holdsOtherOrmModels(tree, d))
      ?? posix.join(sourceDir, holdsOtherOrmModels(tree, posix.join(sourceDir, 'models')) ? 'farm-db/models' : 'models'));

  const build = findBuildConfig(tree, appDir, appDir === app ? scripts : { ...rootPackage.scripts });
  const tsconfig = readTsconfig(tree, tree.exists(build.tsconfig) ? build.tsconfig : join('tsconfig.json'));
  const modules = moduleSystem(tsconfig, appPackage.type);
  const entrySource = tree.read(entry)!;
  const samples = [entrySource, ...tree.list(sourceDir).filter(f => f.endsWith('.ts') && posix.join(sourceDir, f) !== entry).slice(0, 3).map(f => tree.read(posix.join(sourceDir, f)) ?? '')];
  const urlVariable = chooseUrlVariable(tree, app, sourceDir, overrides.databaseType);

  return {
    app,
    packageManager: detectPackageManager(tree, appPackage, rootPackage, join),
    entry,
    sourceDir,
    modelsDir,
    databaseDir: chooseDatabaseDir(tree, sourceDir),
    framework: detectFramework(entrySource, dependencies),
    style: detectStyle(samples, modules, tsconfig.importsTsExtensions),
    aliases: tsconfig.aliases.map(a => ({ prefix: a.prefix, target: a.target })),
    composeFile: [...COMPOSE_NAMES.map(n => join(n)), ...COMPOSE_NAMES].find(f => tree.exists(f)),
    tsconfig,
    moduleReason: modules.reason,
    urlVariable: urlVariable.name,
    urlVariableReason: urlVariable.reason,
    existingDatabase: findExistingDatabase(tree, app, sourceDir, dependencies),
    typesNode: installedVersion(tree, appDir, '@types/node', dependencies),
    terminus: '@nestjs/terminus' in dependencies ? (installedVersion(tree, appDir, '@nestjs/terminus', dependencies) ?? '11') : undefined,
  };
}

/** The installed version of a package (node_modules from the app up), else the lowest one its range allows. */
function installedVersion(tree: Tree, appDir: string, name: string, dependencies: Record<string, string>): string | undefined {
  for (let at = appDir; ; at = posix.dirname(at)) {
    const found = readJson<{ version?: string }>(tree, posix.join(at === '.' ? '' : at, 'node_modules', name, 'package.json'))?.version;
    if (found) return found;
    if (at === '.' || at === '') break;
  }
  return /\d+(\.\d+){0,2}/.exec(dependencies[name] ?? '')?.[0];
}

/** Corepack's `packageManager` field first (app, then root), then the lockfile next to the app or at the root. */
function detectPackageManager(tree: Tree, appPackage: PackageJson, rootPackage: PackageJson, join: (...parts: string[]) => string): PackageManager {
  const declared = (appPackage.packageManager ?? rootPackage.packageManager)?.split('@')[0];
  if (declared && LOCKFILES.some(([, manager]) => manager === declared)) return declared as PackageManager;
  if (tree.exists('pnpm-workspace.yaml')) return 'pnpm';
  return LOCKFILES.find(([file]) => tree.exists(join(file)) || tree.exists(file))?.[1] ?? 'npm';
}

/**
 * Workspace package folders: package.json `workspaces` (npm, yarn, bun), pnpm-workspace.yaml,
 * or an Nx workspace's apps (nx.json with apps/<name>/project.json). Exclusions (`!x`) aside.
 */
function workspacePatterns(tree: Tree, rootPackage: PackageJson): string[] {
  const declared = Array.isArray(rootPackage.workspaces) ? rootPackage.workspaces : (rootPackage.workspaces?.packages ?? []);
  const pnpmFile = tree.read('pnpm-workspace.yaml');
  const pnpm = pnpmFile ? ((yaml().parse(pnpmFile) as { packages?: string[] } | null)?.packages ?? []) : [];
  const nx = tree.exists('nx.json') && tree.isDirectory('apps') ? ['apps/*'] : [];
  return [...declared, ...pnpm, ...nx].filter(pattern => typeof pattern === 'string' && !pattern.startsWith('!'));
}

/** `apps/*` → `apps`. */
const parentOf = (pattern: string) => pattern.replace(/\/?\*+\/?$/, '');

/** In a workspace monorepo, the package that serves HTTP (apps/api first); else the root. */
function findApp(tree: Tree, rootPackage: PackageJson): string {
  const patterns = workspacePatterns(tree, rootPackage);
  if (patterns.length === 0) return '';
  const packages = patterns.flatMap(pattern =>
    pattern.replace(/\/$/, '').endsWith('/*') ? tree.list(parentOf(pattern)).map(name => `${parentOf(pattern)}/${name}`) : [pattern],
  ).map(dir => dir.replace(/^\.\//, '')).filter(dir => tree.exists(`${dir}/package.json`) || tree.exists(`${dir}/project.json`));
  const servesHttp = (dir: string) => {
    const pkg = readJson<PackageJson>(tree, `${dir}/package.json`) ?? {};
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    return ['express', 'fastify', 'koa'].some(name => name in deps);
  };
  const app = packages.find(dir => dir === 'apps/api') ?? packages.find(servesHttp) ?? packages.find(dir => /(^|\/)(api|server|backend)$/.test(dir));
  if (!app) {
    throw new GeneratorError('this is a workspace monorepo, but no workspace looks like an API', {
      hint: 'run farm-db inside the API package (or pass --dir apps/<your api>)',
      exitCode: EXIT.usage,
    });
  }
  return app;
}

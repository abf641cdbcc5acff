import { posix } from 'node:path';
import { EXIT, GeneratorError } from '../errors.ts';
import type { Tree } from '../tree/tree.ts';
import { detectFramework, type Framework } from './framework.ts';
import { detectStyle, type CodeStyle } from './style.ts';
import { readTsconfig } from './tsconfig.ts';

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
}

const ENTRY_NAMES = ['index.ts', 'server.ts', 'main.ts', 'app.ts'];
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
export function detectProject(tree: Tree, overrides: { entry?: string; modelsDir?: string } = {}): ProjectLayout {
  const rootPackage = readJson<PackageJson>(tree, 'package.json');
  if (!rootPackage) {
    throw new GeneratorError(`no package.json in ${tree.root}`, {
      hint: 'run farm-db in the root of a Node project (or pass --dir <project root>)',
      exitCode: EXIT.usage,
    });
  }
  const app = findApp(tree, rootPackage);
  const join = (...parts: string[]) => posix.join(app, ...parts).replace(/^\.\/?/, '');
  const appPackage = app ? readJson<PackageJson>(tree, join('package.json'))! : rootPackage;
  const dependencies = { ...appPackage.dependencies, ...appPackage.devDependencies };

  const sourceDir = tree.isDirectory(join('src')) ? join('src') : app;
  const entry = overrides.entry ? tree.normalize(overrides.entry) : findEntry(tree, appPackage, sourceDir, join);
  if (!tree.exists(entry)) {
    throw new GeneratorError(`the entry file ${entry} does not exist`, { hint: 'pass --entry <path to the file that starts the server>', exitCode: EXIT.usage });
  }
  const modelsDir = overrides.modelsDir
    ? tree.normalize(overrides.modelsDir)
    : (MODEL_DIRS.map(d => posix.join(sourceDir, d)).find(d => tree.isDirectory(d)) ?? posix.join(sourceDir, 'models'));

  const tsconfig = readTsconfig(tree.read(join('tsconfig.json')));
  const module = appPackage.type === 'module' || /^(es20\d\d|esnext|preserve)$/.test(tsconfig.module ?? '') ? 'esm' : 'cjs';
  const entrySource = tree.read(entry)!;
  const samples = [entrySource, ...tree.list(sourceDir).filter(f => f.endsWith('.ts') && posix.join(sourceDir, f) !== entry).slice(0, 3).map(f => tree.read(posix.join(sourceDir, f)) ?? '')];

  return {
    app,
    packageManager: detectPackageManager(tree, appPackage, rootPackage, join),
    entry,
    sourceDir,
    modelsDir,
    databaseDir: posix.join(sourceDir, 'database'),
    framework: detectFramework(entrySource, dependencies),
    style: detectStyle(samples, module, tsconfig.importsTsExtensions),
    aliases: tsconfig.aliases.map(a => ({ prefix: a.prefix, target: join(a.target) })),
    composeFile: [...COMPOSE_NAMES.map(n => join(n)), ...COMPOSE_NAMES].find(f => tree.exists(f)),
  };
}

/** Corepack's `packageManager` field first (app, then root), then the lockfile next to the app or at the root. */
function detectPackageManager(tree: Tree, appPackage: PackageJson, rootPackage: PackageJson, join: (...parts: string[]) => string): PackageManager {
  const declared = (appPackage.packageManager ?? rootPackage.packageManager)?.split('@')[0];
  if (declared && LOCKFILES.some(([, manager]) => manager === declared)) return declared as PackageManager;
  return LOCKFILES.find(([file]) => tree.exists(join(file)) || tree.exists(file))?.[1] ?? 'npm';
}

/** In a workspace monorepo, the package that serves HTTP (apps/api first); else the root. */
function findApp(tree: Tree, rootPackage: PackageJson): string {
  const patterns = Array.isArray(rootPackage.workspaces) ? rootPackage.workspaces : (rootPackage.workspaces?.packages ?? []);
  if (patterns.length === 0) return '';
  const packages = patterns.flatMap(pattern =>
    pattern.endsWith('/*') ? tree.list(pattern.slice(0, -2)).map(name => `${pattern.slice(0, -2)}/${name}`) : [pattern],
  ).filter(dir => tree.exists(`${dir}/package.json`));
  const servesHttp = (dir: string) => {
    const pkg = readJson<PackageJson>(tree, `${dir}/package.json`)!;
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

function findEntry(tree: Tree, pkg: PackageJson, sourceDir: string, join: (...parts: string[]) => string): string {
  const fromScripts = Object.values(pkg.scripts ?? {})
    .flatMap(script => script.match(/[\w./-]+\.ts\b/g) ?? [])
    .map(file => join(file.replace(/^\.\//, '')));
  const fromMain = pkg.main ? [join(pkg.main.replace(/^\.?\/?(dist|build|lib)\//, 'src/').replace(/\.js$/, '.ts'))] : [];
  const candidates = [...fromScripts, ...fromMain, ...ENTRY_NAMES.map(name => posix.join(sourceDir, name))];
  const existing = candidates.filter(file => tree.exists(file));
  const listening = existing.find(file => /\.listen\(|createServer\(/.test(tree.read(file)!));
  const entry = listening ?? existing[0];
  if (!entry) {
    throw new GeneratorError(`could not find the app's entry file (looked for ${candidates.slice(-ENTRY_NAMES.length).join(', ')})`, {
      hint: 'pass --entry <path to the file that starts the server>',
      exitCode: EXIT.usage,
    });
  }
  return entry;
}

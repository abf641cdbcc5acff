import { posix } from 'node:path';
import { EXIT, GeneratorError } from '../errors.ts';
import type { Tree } from '../tree/tree.ts';
import { nestCli, nxProject } from './build-config.ts';

const ENTRY_NAMES = ['index.ts', 'server.ts', 'main.ts', 'app.ts'];
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts'];

/**
 * A script's path argument as a source file: `src/index.ts` as is, `src/server` as
 * src/server.ts or the folder's index.ts (tsx, ts-node and node resolve it that way).
 */
export function sourceFileFor(tree: Tree, path: string): string | undefined {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  if (!clean || clean.startsWith('-') || /^(dist|build|lib|out)\//.test(clean)) return undefined;
  const candidates = [clean, ...SOURCE_EXTENSIONS.map(ext => `${clean}${ext}`), ...SOURCE_EXTENSIONS.map(ext => `${clean}/index${ext}`)];
  return candidates.find(file => SOURCE_EXTENSIONS.some(ext => file.endsWith(ext)) && tree.exists(file) && !tree.isDirectory(file));
}

/** Every argument of every script that names a source file of the app (`tsx watch src/server`, `node --import tsx src/index.ts`). */
function fromScripts(tree: Tree, scripts: Record<string, string>, join: (...parts: string[]) => string): string[] {
  const preferred = ['dev', 'start', 'start:dev', 'serve', 'watch'];
  const ordered = [...preferred.filter(name => name in scripts), ...Object.keys(scripts).filter(name => !preferred.includes(name))];
  return ordered.flatMap(name => scripts[name]!.split(/[\s&|;'"=]+/))
    .filter(word => /[\w-]/.test(word) && (word.includes('/') || /\.[mc]?ts$/.test(word)))
    .map(word => sourceFileFor(tree, join(word)))
    .filter((file): file is string => file !== undefined);
}

/** The entry the app's build tooling names: Nx's build target `main`, nest-cli.json's sourceRoot/entryFile. */
function fromBuildTooling(tree: Tree, app: string, scripts: Record<string, string>): string[] {
  const found: string[] = [];
  const nx = nxProject(tree, app);
  if (nx?.main) found.push(posix.normalize(nx.main));
  const usesNest = Object.values(scripts).some(script => /\bnest\s+start\b/.test(script)) || tree.exists(posix.join(app, 'nest-cli.json'));
  const nest = usesNest ? nestCli(tree, app) : undefined;
  if (usesNest) found.push(posix.join(app, nest?.sourceRoot ?? 'src', `${nest?.entryFile ?? 'main'}.ts`));
  return found;
}

export interface EntrySearch {
  tree: Tree;
  app: string;
  /** The folder the command was run in ('' = the tree root). */
  monorepoRoot: boolean;
  scripts: Record<string, string>;
  main: string | undefined;
  sourceDir: string;
  join: (...parts: string[]) => string;
}

/** The file that starts the server: build tooling, scripts, package.json main, then the usual names. */
export function findEntry({ tree, app, monorepoRoot, scripts, main, sourceDir, join }: EntrySearch): string {
  const fromMain = main ? [join(main.replace(/^\.?\/?(dist|build|lib)\//, 'src/').replace(/\.js$/, '.ts'))] : [];
  const candidates = [
    ...fromBuildTooling(tree, app, scripts),
    ...fromScripts(tree, scripts, join),
    ...fromMain,
    ...ENTRY_NAMES.map(name => posix.join(sourceDir, name)),
  ];
  const existing = [...new Set(candidates)].filter(file => tree.exists(file) && !tree.isDirectory(file));
  const listening = existing.find(file => /\.listen\(|createServer\(|\bserve\(/.test(tree.read(file)!));
  const entry = listening ?? existing[0];
  if (!entry) {
    const looked = ENTRY_NAMES.map(name => posix.join(sourceDir, name)).join(', ');
    throw new GeneratorError(`could not find the app's entry file (looked for ${looked}, and in package.json scripts)`, {
      hint: monorepoRoot
        ? `this is a monorepo root: pass --dir ${app || 'apps/<your api>'} (the API's folder), or run farm-db there`
        : 'pass --entry <path to the file that starts the server>',
      exitCode: EXIT.usage,
    });
  }
  return entry;
}

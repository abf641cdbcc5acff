import { posix } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { EXIT, GeneratorError } from '../errors.ts';
import type { Tree } from '../tree/tree.ts';

export interface TsconfigFacts {
  /** The tsconfig read (relative to the tree root), undefined when the app has none. */
  file: string | undefined;
  module: string | undefined;
  moduleResolution: string | undefined;
  target: string | undefined;
  /** The project imports .ts files by name (it runs them with Node's type stripping, or rewrites them). */
  importsTsExtensions: boolean;
  /** tsconfig `paths` as prefix → folder, e.g. { prefix: '@/', target: 'src/' } (only `x/*` → `y/*` forms). */
  aliases: { prefix: string; target: string }[];
  /** The file-selection keys of the tsconfig itself or the nearest base that sets them (tsc does not merge them). */
  include: string[] | undefined;
  files: string[] | undefined;
  exclude: string[] | undefined;
  noEmit: boolean;
  rootDir: string | undefined;
  outDir: string | undefined;
}

interface RawOptions {
  module?: string;
  moduleResolution?: string;
  target?: string;
  paths?: Record<string, string[]>;
  baseUrl?: string;
  rootDir?: string;
  outDir?: string;
  allowImportingTsExtensions?: boolean;
  rewriteRelativeImportExtensions?: boolean;
  noEmit?: boolean;
}
interface RawConfig {
  extends?: string | string[];
  compilerOptions?: RawOptions;
  include?: string[];
  files?: string[];
  exclude?: string[];
}

/** Options whose paths are relative to the config that sets them (tsc resolves them there). */
const PATH_OPTIONS = ['baseUrl', 'rootDir', 'outDir'] as const;

/**
 * Reads a tsconfig the way tsc does: comments and trailing commas allowed, `extends` followed
 * (relative files, packages such as @tsconfig/node20, and arrays of both, later ones winning),
 * each path option resolved against the config that sets it. Paths in the result are relative
 * to the tree root.
 */
export function readTsconfig(tree: Tree, file: string | undefined): TsconfigFacts {
  const merged: RawOptions = {};
  const selection: Pick<RawConfig, 'include' | 'files' | 'exclude'> = {};
  let pathsBase: string | undefined;
  const visit = (path: string, seen: Set<string>) => {
    if (seen.has(path)) return;
    seen.add(path);
    const config = parseConfig(tree.read(path), path);
    const dir = posix.dirname(path);
    const bases = config.extends === undefined ? [] : Array.isArray(config.extends) ? config.extends : [config.extends];
    for (const base of bases) {
      const resolved = resolveExtends(tree, dir, base);
      if (resolved) visit(resolved, seen);
    }
    const options = { ...config.compilerOptions };
    for (const key of PATH_OPTIONS) if (options[key] !== undefined) options[key] = posix.join(dir, options[key]!);
    if (options.paths) pathsBase = options.baseUrl ?? dir;
    else if (options.baseUrl && pathsBase !== undefined) pathsBase = options.baseUrl;
    Object.assign(merged, options);
    for (const key of ['include', 'files', 'exclude'] as const) {
      if (config[key]) selection[key] = config[key].map(pattern => posix.join(dir, pattern));
    }
  };
  if (file && tree.exists(file)) visit(file, new Set());
  else file = undefined;
  const base = (pathsBase ?? merged.baseUrl ?? '').replace(/^\.$/, '');
  const aliases = Object.entries(merged.paths ?? {})
    .filter(([key, targets]) => key.endsWith('/*') && targets[0]?.endsWith('/*'))
    .map(([key, targets]) => ({
      prefix: key.slice(0, -1),
      target: posix.join(base || '.', targets[0]!.slice(0, -1)).replace(/^\.(\/|$)/, '').replace(/([^/])$/, '$1/'),
    }));
  return {
    file,
    module: merged.module?.toLowerCase(),
    moduleResolution: merged.moduleResolution?.toLowerCase(),
    target: merged.target?.toLowerCase(),
    importsTsExtensions: Boolean(merged.allowImportingTsExtensions || merged.rewriteRelativeImportExtensions),
    aliases,
    include: selection.include,
    files: selection.files,
    exclude: selection.exclude,
    noEmit: Boolean(merged.noEmit),
    rootDir: merged.rootDir,
    outDir: merged.outDir,
  };
}

/** A tsconfig (or a package.json naming one) as tsc reads it; a broken one is refused with file:line:column. */
function parseConfig(text: string | undefined, file: string): RawConfig {
  if (!text) return {};
  const errors: ParseError[] = [];
  const config = parse(text, errors, { allowTrailingComma: true }) as RawConfig | undefined;
  if (errors[0]) throw unreadableJson(file, text, errors[0].offset, printParseErrorCode(errors[0].error));
  return config ?? {};
}

/** `file:line:column: what` for JSON(C) farm-db cannot read; a guess from a broken file would write wrong code. */
export function unreadableJson(file: string, text: string, offset: number, what: string): GeneratorError {
  const before = text.slice(0, offset).split('\n');
  return new GeneratorError(`${file}:${before.length}:${before.at(-1)!.length + 1}: ${what}`, {
    hint: `fix ${file} (it must be valid JSON; comments and trailing commas are allowed in tsconfig), then run the command again; nothing was written`,
    exitCode: EXIT.usage,
  });
}

/** `./base.json`, `../tsconfig.base` or a package (`@tsconfig/node20/tsconfig.json`, `@tsconfig/node20`). */
function resolveExtends(tree: Tree, dir: string, specifier: string): string | undefined {
  const withJson = (path: string) => [path, `${path}.json`, posix.join(path, 'tsconfig.json')];
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    return withJson(posix.join(dir, specifier)).find(candidate => tree.exists(candidate) && !tree.isDirectory(candidate));
  }
  // A package: look in node_modules from this folder up to the root, as tsc's node resolution does.
  for (let at = dir; ; at = posix.dirname(at)) {
    const inModules = posix.join(at === '.' ? '' : at, 'node_modules', specifier);
    const packageJson = tree.read(posix.join(inModules, 'package.json'));
    const declared = packageJson ? (parseConfig(packageJson, posix.join(inModules, 'package.json')) as { tsconfig?: string }).tsconfig : undefined;
    const candidates = [...(declared ? [posix.join(inModules, declared)] : []), ...withJson(inModules)];
    const found = candidates.find(candidate => tree.exists(candidate) && !tree.isDirectory(candidate));
    if (found) return found;
    if (at === '.' || at === '') return undefined;
  }
}

import { posix } from 'node:path';
import { parse } from 'jsonc-parser';
import type { Tree } from '../tree/tree.ts';

interface NxProject { sourceRoot?: string; targets?: Record<string, { executor?: string; options?: { tsConfig?: string; main?: string } }> }
interface NestCli { sourceRoot?: string; entryFile?: string; compilerOptions?: { tsConfigPath?: string } }

export interface BuildConfig {
  /** The tsconfig that compiles the app, relative to the tree root (it may not exist). */
  tsconfig: string;
  /** What named it, for messages. */
  from: string;
  /** The entry the build configuration names, when it names one. */
  entry?: string;
}

function readJsonc<T>(tree: Tree, path: string): T | undefined {
  const text = tree.read(path);
  return text === undefined ? undefined : (parse(text, [], { allowTrailingComma: true }) as T | undefined);
}

/** Nx: the `build` target of `<app>/project.json` (paths in it are relative to the workspace root). */
export function nxProject(tree: Tree, appDir: string): { tsconfig?: string; main?: string; sourceRoot?: string } | undefined {
  const project = readJsonc<NxProject>(tree, posix.join(appDir, 'project.json'));
  if (!project) return undefined;
  const build = project.targets?.build?.options;
  return { tsconfig: build?.tsConfig, main: build?.main, sourceRoot: project.sourceRoot };
}

/** nest-cli.json: sourceRoot/entryFile name the entry (defaults src/main), tsConfigPath the build tsconfig. */
export function nestCli(tree: Tree, appDir: string): NestCli | undefined {
  return readJsonc<NestCli>(tree, posix.join(appDir, 'nest-cli.json'));
}

/**
 * The tsconfig that really builds the app: Nx's build target, a `tsc -p <file>` in the build
 * script, nest-cli.json's tsConfigPath (else tsconfig.build.json, Nest's default), then
 * `<app>/tsconfig.json`. A root solution tsconfig (`files: []`) is not what compiles the app.
 */
export function findBuildConfig(tree: Tree, appDir: string, scripts: Record<string, string>): BuildConfig {
  const at = (path: string) => posix.join(appDir, path);
  const nx = nxProject(tree, appDir);
  if (nx?.tsconfig) return { tsconfig: posix.normalize(nx.tsconfig), from: `${at('project.json')} (build target)`, entry: nx.main };
  const build = scripts.build ?? '';
  const named = /\btsc\b[^&|;]*?\s(?:-p|--project|-b|--build)\s+([^\s&|;]+)/.exec(build)?.[1];
  if (named) {
    const file = at(named);
    return { tsconfig: tree.isDirectory(file) ? posix.join(file, 'tsconfig.json') : file, from: `the build script (${build})` };
  }
  const nest = nestCli(tree, appDir);
  if (nest) {
    const path = nest.compilerOptions?.tsConfigPath ?? (tree.exists(at('tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json');
    return { tsconfig: at(path), from: at('nest-cli.json') };
  }
  return { tsconfig: at('tsconfig.json'), from: 'tsconfig.json' };
}

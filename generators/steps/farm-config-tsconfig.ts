import { posix } from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parse, parseTree } from 'jsonc-parser';
import type { GeneratorContext } from '../context.ts';
import type { TsconfigFacts } from '../detect/tsconfig.ts';

/** tsc's include/exclude pattern semantics, enough for one file: a folder means everything below it. */
function matches(pattern: string, file: string): boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  if (clean === '' || clean === '.') return true;
  if (file === clean || file.startsWith(`${clean}/`)) return true;
  return globToRegExp(clean).test(file) || globToRegExp(`${clean}/**/*`).test(file);
}

// tsc's wildcards: a leading double star and slash matches any folders, * and ? stay within one name.
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('**/', i)) {
      source += '(?:[^/]+/)*';
      i += 2;
    } else if (glob[i] === '*') source += '[^/]*';
    else if (glob[i] === '?') source += '[^/]';
    else source += glob[i]!.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Does this tsconfig compile `file` (relative to the tree root)? */
export function compiles(tsconfig: TsconfigFacts, file: string): boolean {
  const dir = tsconfig.file ? posix.dirname(tsconfig.file) : '.';
  const inDir = (path: string) => posix.relative(dir, path);
  const target = inDir(file);
  if (target.startsWith('..')) return false;
  if (tsconfig.files?.some(path => inDir(path) === target)) return true;
  const include = tsconfig.include ?? (tsconfig.files ? [] : ['**/*']);
  if (!include.some(pattern => matches(inDir(pattern), target))) return false;
  return !(tsconfig.exclude ?? []).some(pattern => matches(inDir(pattern), target));
}

/**
 * A farm.config.ts inside an emitting tsconfig without its own rootDir moves the common root up a
 * level (tsc then writes dist/src/main.js instead of dist/main.js, and `node dist/main` breaks), or
 * breaks a rootDir it lies outside of. Then the file is added to that tsconfig's `exclude`, as one
 * small edit that keeps the file's comments and formatting; the runtime still finds the source file.
 */
export function keepBuildOutput(ctx: GeneratorContext, configPath: string): void {
  const { tree, layout } = ctx;
  const tsconfig = layout.tsconfig;
  if (!tsconfig.file || tsconfig.noEmit || !compiles(tsconfig, configPath)) return;
  if (tsconfig.rootDir && !posix.relative(tsconfig.rootDir, configPath).startsWith('..')) return;
  const dir = posix.dirname(tsconfig.file);
  const entry = posix.relative(dir, configPath);
  const text = tree.read(tsconfig.file)!;
  const own = (parse(text, [], { allowTrailingComma: true }) as { exclude?: string[] } | undefined)?.exclude;
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const formattingOptions = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: '\n' };
  let edits;
  const array = own ? findNodeAtLocation(parseTree(text)!, ['exclude']) : undefined;
  const last = array?.children?.at(-1);
  if (last) {
    // After the last entry, on its own line when the array is written one entry a line.
    const lineStart = text.lastIndexOf('\n', last.offset) + 1;
    const oneALine = text.slice(array!.offset, last.offset).includes('\n');
    const separator = oneALine ? `,\n${text.slice(lineStart, last.offset)}` : ', ';
    edits = [{ offset: last.offset + last.length, length: 0, content: `${separator}${JSON.stringify(entry)}` }];
  } else if (own) {
    edits = modify(text, ['exclude', 0], entry, { formattingOptions, isArrayInsertion: true });
  } else {
    // A new exclude replaces tsc's default one (node_modules and the outDir) and any inherited one: keep them.
    const defaults = [posix.join(dir, 'node_modules'), ...(tsconfig.outDir ? [tsconfig.outDir] : [])];
    const inherited = (tsconfig.exclude ?? defaults).map(path => posix.relative(dir, path) || '.');
    edits = modify(text, ['exclude'], [...inherited, entry], { formattingOptions });
  }
  tree.write(tsconfig.file, applyEdits(text, edits));
  ctx.warnings.push(
    `${tsconfig.file}: added ${entry} to "exclude" so the app's build output keeps its paths (farm-db reads the file from the sources)`,
  );
}

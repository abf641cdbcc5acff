import type { ProjectLayout } from '../../detect/project.ts';
import { statement } from '../../format.ts';
import { importPath } from '../../import-path.ts';
import { resolveImport } from './app-file.ts';
import { afterLineComment, type Edit } from './edits.ts';
import { imports, moduleExportName } from '../syntax/nodes.ts';
import { declaredNames } from '../syntax/scope.ts';
import type { Source } from '../syntax/source.ts';
import type { Tree } from '../../tree/tree.ts';

const CANDIDATES = ['db', 'farmDb', 'farmDatabase', 'databaseManager'];

/** The file's import of farm-db's `db`, if it has one: its local name. */
export function importedDbName(tree: Tree, layout: ProjectLayout, path: string, source: Source): string | undefined {
  const ours = [`${layout.databaseDir}/index.ts`, `${layout.databaseDir}.ts`];
  for (const declaration of imports(source)) {
    const specifier = declaration.source.value;
    const resolved = resolveImport(tree, path, specifier);
    const target = resolved ?? posixJoinGuess(path, specifier);
    if (!ours.includes(target) && !ours.includes(resolved ?? '')) continue;
    const named = declaration.specifiers.find(n => n.type === 'ImportSpecifier' && moduleExportName(n.imported) === 'db');
    if (named) return named.local.name;
  }
  return undefined;
}

// The database folder may not exist in the tree yet on a first run; compare paths the way importPath writes them.
function posixJoinGuess(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const parts = `${from.split('/').slice(0, -1).join('/')}/${specifier}`.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  const joined = out.join('/').replace(/\.(js|ts)$/, '');
  return joined.endsWith('/index') ? `${joined}.ts` : `${joined}/index.ts`;
}

/** A name for farm-db's `db` that nothing in the file declares or imports (the app may have its own `db`). */
export function freeName(source: Source, wanted: string[] = CANDIDATES): string {
  const taken = declaredNames(source);
  // The name an import is exported as counts too (`import { db as client }`): farm-db's own would read as the same.
  for (const declaration of imports(source)) {
    for (const specifier of declaration.specifiers) if (specifier.type === 'ImportSpecifier') taken.add(moduleExportName(specifier.imported));
  }
  return wanted.find(name => !taken.has(name)) ?? `${wanted[0]}${taken.size}`;
}

/** The import of farm-db's `db` as `local`, after the file's last import. */
export function importDbEdit(layout: ProjectLayout, path: string, source: Source, local: string): Edit {
  const target = layout.style.importExtension ? `${layout.databaseDir}/index.ts` : `${layout.databaseDir}.ts`;
  const specifier = importPath(layout, path, target, source.text);
  const q = layout.style.quote;
  const binding = local === 'db' ? 'db' : `db as ${local}`;
  const text = statement(`import { ${binding} } from ${q}${specifier}${q};`, { ...layout.style, quote: "'" });
  const last = imports(source).at(-1);
  const at = last && afterLineComment(source, last.end);
  if (at !== undefined) return { start: at, end: at, text: `\n${text}` };
  return { start: 0, end: 0, text: `${text}\n\n` };
}

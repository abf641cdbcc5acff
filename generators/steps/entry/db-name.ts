import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { ProjectLayout } from '../../detect/project.ts';
import { statement } from '../../format.ts';
import { importPath } from '../../import-path.ts';
import { resolveImport } from './app-file.ts';
import type { Edit } from './edits.ts';
import type { Tree } from '../../tree/tree.ts';

const CANDIDATES = ['db', 'farmDb', 'farmDatabase', 'databaseManager'];

/** The file's import of farm-db's `db`, if it has one: its local name. */
export function importedDbName(tree: Tree, layout: ProjectLayout, path: string, file: SourceFile): string | undefined {
  const ours = [`${layout.databaseDir}/index.ts`, `${layout.databaseDir}.ts`];
  for (const declaration of file.getImportDeclarations()) {
    const resolved = resolveImport(tree, path, declaration.getModuleSpecifierValue());
    const target = resolved ?? posixJoinGuess(path, declaration.getModuleSpecifierValue());
    if (!ours.includes(target) && !ours.includes(resolved ?? '')) continue;
    const named = declaration.getNamedImports().find(n => n.getName() === 'db');
    if (named) return named.getAliasNode()?.getText() ?? 'db';
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
export function freeName(file: SourceFile, wanted: string[] = CANDIDATES): string {
  const taken = new Set<string>();
  for (const id of file.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const parent = id.getParent();
    if (Node.isVariableDeclaration(parent) || Node.isFunctionDeclaration(parent) || Node.isClassDeclaration(parent) ||
      Node.isImportSpecifier(parent) || Node.isImportClause(parent) || Node.isNamespaceImport(parent) || Node.isParameterDeclaration(parent) ||
      Node.isBindingElement(parent)) {
      taken.add(id.getText());
    }
  }
  return wanted.find(name => !taken.has(name)) ?? `${wanted[0]}${taken.size}`;
}

/** The import of farm-db's `db` as `local`, after the file's last import. */
export function importDbEdit(layout: ProjectLayout, path: string, file: SourceFile, local: string): Edit {
  const target = layout.style.importExtension ? `${layout.databaseDir}/index.ts` : `${layout.databaseDir}.ts`;
  const specifier = importPath(layout, path, target, file.getFullText());
  const q = layout.style.quote;
  const binding = local === 'db' ? 'db' : `db as ${local}`;
  const text = statement(`import { ${binding} } from ${q}${specifier}${q};`, { ...layout.style, quote: "'" });
  const last = file.getImportDeclarations().at(-1);
  if (last) return { start: last.getEnd(), end: last.getEnd(), text: `\n${text}` };
  return { start: 0, end: 0, text: `${text}\n\n` };
}

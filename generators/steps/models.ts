import type { GeneratorContext } from '../context.ts';
import { formatToStyle } from '../format.ts';
import { importPath } from '../import-path.ts';
import { renderTemplate } from '../render.ts';

export interface FoundModel {
  name: string;
  file: string;
}

/** Any JavaScript identifier (`Café`, `$Dollar`, `_x`), not only ASCII word characters. */
const IDENTIFIER = String.raw`[$_\p{ID_Start}][$\u200C\u200D\p{ID_Continue}]*`;
const MODEL_EXPORT = new RegExp(String.raw`export\s+const\s+(${IDENTIFIER})\s*(?::[^=]+)?=\s*(?:defineEntity|new\s+EntitySchema)\b`, 'gu');
const NAMED_IMPORT = new RegExp(String.raw`import\s*\{([^}]*)\}\s*from\s*(['"])((?:(?!\2)[^\\\n]|\\.)*)\2`, 'gu');

/** Every model exported from a file of the models folder (staged files included). */
export function findModels(ctx: Pick<GeneratorContext, 'tree' | 'layout'>): FoundModel[] {
  const { tree, layout } = ctx;
  return tree
    .list(layout.modelsDir)
    .filter(name => name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(test|spec)\.ts$/.test(name))
    .flatMap(name => {
      const file = `${layout.modelsDir}/${name}`;
      return [...(tree.read(file) ?? '').matchAll(MODEL_EXPORT)].map(m => ({ name: m[1]!, file }));
    });
}

/** A module specifier as a single-quoted string literal (a file may be called `quote'd.ts`). */
export const quoted = (specifier: string) => `'${specifier.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const unquote = (body: string) => body.replace(/\\(.)/g, '$1');

/**
 * Keeps `<databaseDir>/models.ts` registering exactly the models of the models folder: created
 * from the template; afterwards missing models are added and the imports of models that are gone
 * (a deleted file, a renamed export) removed, by a codemod, so the user's other edits stay.
 */
export async function registerModels(ctx: GeneratorContext): Promise<void> {
  const { tree, layout, setup } = ctx;
  const path = `${layout.databaseDir}/models.ts`;
  const found = findModels(ctx);
  const models = found.map(m => ({ name: m.name, path: importPath(layout, path, m.file), literal: quoted(importPath(layout, path, m.file)) }));
  const existing = tree.read(path);
  if (existing === undefined) {
    const text = renderTemplate(setup.type, 'models.ts', { models, modelsDir: layout.modelsDir });
    tree.write(path, formatToStyle(text, layout.style));
    return;
  }
  const imports = [...existing.matchAll(NAMED_IMPORT)].map(m => ({
    names: m[1]!.split(',').map(n => n.trim().split(/\s+as\s+/).pop()!).filter(Boolean),
    specifier: unquote(m[3]!),
  }));
  const stale = staleImports(ctx, path, imports);
  const imported = new Set(imports.flatMap(i => i.names).filter(name => !stale.includes(name)));
  const missing = models.filter(m => !imported.has(m.name));
  if (missing.length > 0 || stale.length > 0) (await import('./models-codemod.ts')).updateModels(ctx, path, existing, missing, stale);
}

/**
 * Names models.ts imports from a file of the models folder that is gone or no longer exports
 * them. Only imports that resolve into the models folder are looked at; the user's others stay.
 */
function staleImports(ctx: GeneratorContext, path: string, imports: { names: string[]; specifier: string }[]): string[] {
  const { tree, layout } = ctx;
  const probe = importPath(layout, path, `${layout.modelsDir}/\u0000.ts`);
  const [prefix, suffix] = probe.split('\u0000') as [string, string];
  return imports.flatMap(({ names, specifier }) => {
    if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) return [];
    const base = specifier.slice(prefix.length, specifier.length - suffix.length);
    if (base === '' || base.includes('/')) return [];
    const text = tree.read(`${layout.modelsDir}/${base}.ts`);
    return names.filter(name => text === undefined || !exportsName(text, name));
  });
}

const exportsName = (text: string, name: string) =>
  new RegExp(String.raw`export\s+(?:const|let|var|class|function)\s+${name.replace(/\$/g, '\\$')}(?![$\u200C\u200D\p{ID_Continue}])`, 'u').test(text);

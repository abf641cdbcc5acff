import { DATABASES } from '../../databases/index.ts';
import type { GeneratorContext } from '../context.ts';
import { setupTitle } from '../database-setup.ts';
import { formatToStyle } from '../format.ts';
import { importPath } from '../import-path.ts';
import { renderTemplate } from '../render.ts';
import { nodeForms, type NodeForms } from '../detect/node-types.ts';
import { stageBackup } from '../tree/backup.ts';
import { findModels } from './models.ts';

/**
 * Writes the generated files of `<databaseDir>`: base model, connection, index, and an
 * example model when the project has none. A generated file the user edited is a conflict.
 */
export function generateDatabaseFiles(ctx: GeneratorContext): void {
  const { layout, setup } = ctx;
  const dir = layout.databaseDir;
  const ext = layout.style.importExtension;
  const common = { ext, label: setupTitle(setup), type: setup.type, urlVariable: layout.urlVariable };
  // Forms that typecheck against the app's own @types/node (import.meta.dirname needs 20.11, randomUUID 16).
  const forms = nodeForms(layout.typesNode, layout.style);
  const files: [string, string][] = [
    [`${dir}/base-model.ts`, renderTemplate(setup.type, 'base-model.ts', { ...common, ...DATABASES[setup.type].template, ...uuidSource(forms) })],
    [
      `${dir}/connection.ts`,
      renderTemplate(setup.type, 'connection.ts', {
        ...common,
        configFrom: forms.configFrom.expression,
        configFromImport: forms.configFrom.import ? `${forms.configFrom.import}\n` : '',
      }),
    ],
    [`${dir}/index.ts`, renderTemplate(setup.type, 'index.ts', common)],
  ];
  const example = `${layout.modelsDir}/example.ts`;
  // Not again once the user deleted it, as its comment invites.
  if (findModels(ctx).length === 0 && !(ctx.manifest.generated(example) && !ctx.tree.exists(example))) {
    files.push([example, renderTemplate(setup.type, 'example-model.ts', { baseModelPath: importPath(layout, example, `${dir}/base-model.ts`) })]);
  }
  for (const [path, raw] of files) writeGenerated(ctx, path, formatToStyle(raw, layout.style));
}

/** The import of randomUUID, or a small v4 UUID function where the app's @types/node has no randomUUID. */
function uuidSource(forms: NodeForms): { uuidImport: string; uuidHelper: string } {
  if (forms.randomUUID) return { uuidImport: `import { randomUUID } from '${forms.builtin('crypto')}';`, uuidHelper: '' };
  const helper = [
    '',
    '',
    "/** A version 4 UUID (the app's @types/node predates crypto.randomUUID). */",
    'function randomUUID(): string {',
    '  const bytes = randomBytes(16);',
    '  bytes[6] = (bytes[6]! & 0x0f) | 0x40;',
    '  bytes[8] = (bytes[8]! & 0x3f) | 0x80;',
    "  const hex = bytes.toString('hex');",
    '  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join(\'-\');',
    '}',
  ].join('\n');
  return { uuidImport: `import { randomBytes } from '${forms.builtin('crypto')}';`, uuidHelper: helper };
}

/** Writes a generated file unless the user changed it since farm-db wrote it (then: conflict). */
export function writeGenerated(ctx: GeneratorContext, path: string, content: string): void {
  const status = ctx.manifest.status(ctx.tree, path, content);
  if (status === 'edited' && !ctx.options.force) {
    ctx.conflicts.push({ path, proposed: content });
    return;
  }
  if (status === 'edited') stageBackup(ctx.tree, path, ctx.tree.read(path)!); // --force keeps a backup, never over an older one
  if (status !== 'same') ctx.tree.write(path, content);
  ctx.manifest.record(path, content);
}

import type { GeneratorContext } from '../context.ts';
import { setupTitle } from '../database-setup.ts';
import { formatToStyle } from '../format.ts';
import { importPath } from '../import-path.ts';
import { renderTemplate } from '../render.ts';
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
  const common = { ext, label: setupTitle(setup), type: setup.type };
  const files: [string, string][] = [
    [`${dir}/base-model.ts`, renderTemplate(setup.type, 'base-model.ts', common)],
    [
      `${dir}/connection.ts`,
      renderTemplate(setup.type, 'connection.ts', { ...common, configFrom: layout.style.module === 'esm' ? 'import.meta.dirname' : '__dirname' }),
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

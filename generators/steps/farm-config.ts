import type { GeneratorContext } from '../context.ts';
import { formatToStyle } from '../format.ts';
import { renderTemplate } from '../render.ts';
import { keepBuildOutput } from './farm-config-tsconfig.ts';

/**
 * Creates farm.config.ts, or sets its `database.type` (and `url` when missing) in place,
 * keeping every other key, comment and the file's formatting (farm-config-codemod.ts).
 */
export async function updateFarmConfig(ctx: GeneratorContext): Promise<void> {
  const { tree, layout, setup } = ctx;
  const path = layout.app ? `${layout.app}/farm.config.ts` : 'farm.config.ts';
  const existing = tree.read(path);
  keepBuildOutput(ctx, path);
  if (existing === undefined) {
    const data = { type: setup.type, urlPlaceholder: `\${${layout.urlVariable}}` };
    tree.write(path, formatToStyle(renderTemplate(setup.type, 'farm.config.ts', data), layout.style));
    return;
  }
  // The block, allowing `${VAR}` placeholders inside its strings.
  const block = /\bdatabase\s*:\s*\{((?:[^{}]|\$\{[^}]*\})*)\}/.exec(existing)?.[1];
  const upToDate = block !== undefined && new RegExp(`\\btype\\s*:\\s*['"]${setup.type}['"]`).test(block) && /\burl\s*:/.test(block);
  if (!upToDate) (await import('./farm-config-codemod.ts')).editFarmConfig(ctx, path, existing);
}

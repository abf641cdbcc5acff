import type { GeneratorContext } from '../../context.ts';

/**
 * Wires the DatabaseManager into the app's entry (see wire.ts). When the entry already has
 * every part, nothing is parsed: the TypeScript compiler is only loaded to make an edit.
 */
export async function wireEntry(ctx: GeneratorContext): Promise<void> {
  const source = ctx.tree.read(ctx.layout.entry)!;
  if (ctx.layout.framework === 'nestjs') return (await import('./nest.ts')).wireNest(ctx);
  const wired = /\.initialize\(/.test(source) && /\.shutdown\(/.test(source) && source.includes('/health/db');
  if (wired) return;
  (await import('./wire.ts')).wireEntry(ctx);
}

import type { GeneratorContext } from '../../context.ts';

/**
 * Wires the DatabaseManager into the app's entry (see wire.ts). When the entry already has
 * every part, nothing is parsed: the TypeScript compiler is only loaded to make an edit.
 */
export async function wireEntry(ctx: GeneratorContext): Promise<void> {
  const source = ctx.tree.read(ctx.layout.entry)!;
  const wired =
    /import\s*\{[^}]*\bdb\b[^}]*\}\s*from/.test(source) &&
    /\bdb\.initialize\(/.test(source) &&
    /\bdb\.shutdown\(/.test(source) &&
    (source.includes('/health/db') || ctx.layout.framework === 'unknown');
  if (wired) return;
  (await import('./wire.ts')).wireEntry(ctx);
}

import { parse } from 'jsonc-parser';

export interface TsconfigFacts {
  module: string | undefined;
  /** The project imports .ts files by name (it runs them with Node's type stripping, or rewrites them). */
  importsTsExtensions: boolean;
  /** tsconfig `paths` as prefix → folder, e.g. { prefix: '@/', target: 'src/' } (only `x/*` → `y/*` forms). */
  aliases: { prefix: string; target: string }[];
}

/** Reads the few tsconfig settings the generator needs; comments and trailing commas allowed. */
export function readTsconfig(text: string | undefined): TsconfigFacts {
  if (!text) return { module: undefined, importsTsExtensions: false, aliases: [] };
  const config = parse(text, [], { allowTrailingComma: true }) as { compilerOptions?: unknown } | undefined;
  const options = (config?.compilerOptions ?? {}) as {
    module?: string;
    paths?: Record<string, string[]>;
    baseUrl?: string;
    allowImportingTsExtensions?: boolean;
    rewriteRelativeImportExtensions?: boolean;
  };
  const base = (options.baseUrl ?? '.').replace(/^\.\/?/, '').replace(/\/?$/, '/').replace(/^\/$/, '');
  const aliases = Object.entries(options.paths ?? {})
    .filter(([key, targets]) => key.endsWith('/*') && targets[0]?.endsWith('/*'))
    .map(([key, targets]) => ({
      prefix: key.slice(0, -1),
      target: `${base}${targets[0]!.slice(0, -1).replace(/^\.\//, '')}`,
    }));
  return {
    module: options.module?.toLowerCase(),
    importsTsExtensions: Boolean(options.allowImportingTsExtensions || options.rewriteRelativeImportExtensions),
    aliases,
  };
}

import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { EXIT, GeneratorError } from '../errors.ts';

export interface TsconfigFacts {
  module: string | undefined;
  /** The project imports .ts files by name (it runs them with Node's type stripping, or rewrites them). */
  importsTsExtensions: boolean;
  /** tsconfig `paths` as prefix → folder, e.g. { prefix: '@/', target: 'src/' } (only `x/*` → `y/*` forms). */
  aliases: { prefix: string; target: string }[];
}

/** Reads the few tsconfig settings the generator needs; comments and trailing commas allowed. */
export function readTsconfig(text: string | undefined, file = 'tsconfig.json'): TsconfigFacts {
  if (!text) return { module: undefined, importsTsExtensions: false, aliases: [] };
  const errors: ParseError[] = [];
  const config = parse(text, errors, { allowTrailingComma: true }) as { compilerOptions?: unknown } | undefined;
  if (errors[0]) throw unreadableJson(file, text, errors[0].offset, printParseErrorCode(errors[0].error));
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

/** `file:line:column: what` for JSON(C) farm-db cannot read; a guess from a broken file would write wrong code. */
export function unreadableJson(file: string, text: string, offset: number, what: string): GeneratorError {
  const before = text.slice(0, offset).split('\n');
  return new GeneratorError(`${file}:${before.length}:${before.at(-1)!.length + 1}: ${what}`, {
    hint: `fix ${file} (it must be valid JSON; comments and trailing commas are allowed in tsconfig), then run the command again; nothing was written`,
    exitCode: EXIT.usage,
  });
}

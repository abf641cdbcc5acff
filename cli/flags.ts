import { parseArgs } from 'node:util';
import { didYouMean } from './suggest.ts';

/** Bad input on the command line: exit 2, with what was wrong and how to see the usage. */
export class UsageError extends Error {}

/** `multiple`: a string flag that may be given more than once (its value is then a list). */
export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

type Value<F extends FlagSpec[string]> = F['type'] extends 'string' ? (F extends { multiple: true } ? string[] : string) : boolean;
type Values<T extends FlagSpec> = { [K in keyof T]?: Value<T[K]> } & { help?: boolean };

/**
 * The one flag parser of every command. node:util's parseArgs reads the tokens; the checks are
 * ours so that messages name the flag, suggest the closest known one and point to --help.
 */
export function parseFlags<T extends FlagSpec>(
  command: string,
  args: string[],
  spec: T,
  options: { positionals?: number } = {},
): { values: Values<T>; positionals: string[] } {
  const all: FlagSpec = { ...spec, help: { type: 'boolean', short: 'h' } };
  const { tokens } = parseArgs({ args, options: all, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | string[] | boolean> = {};
  const positionals: string[] = [];
  const seeHelp = `\n  Run farm ${command} --help for its options.`;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const flag = all[token.name];
    if (!flag) {
      const known = Object.keys(all).map(name => `--${name}`);
      throw new UsageError(`unknown flag ${token.rawName} for farm ${command}${didYouMean(`--${token.name}`, known)}${seeHelp}`);
    }
    if (flag.type === 'string') {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
        throw new UsageError(`--${token.name} needs a value: --${token.name} <value>${seeHelp}`);
      }
      values[token.name] = flag.multiple ? [...((values[token.name] as string[] | undefined) ?? []), token.value] : token.value;
    } else {
      if (token.value !== undefined) throw new UsageError(`--${token.name} takes no value (got "${token.value}")${seeHelp}`);
      values[token.name] = true;
    }
  }
  const allowed = options.positionals ?? 0;
  if (positionals.length > allowed) {
    throw new UsageError(`unexpected argument "${positionals[allowed]}" for farm ${command}${seeHelp}`);
  }
  return { values: values as Values<T>, positionals };
}

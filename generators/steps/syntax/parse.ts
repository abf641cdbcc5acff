import { EXIT, GeneratorError } from '../../errors.ts';
import type { Tree } from '../../tree/tree.ts';
import { parseSource, type Source } from './source.ts';

/**
 * Parses a user file for a codemod; a file with syntax errors is refused with file:line:column,
 * because editing it could only make things worse.
 */
export function parseOrFail(tree: Tree, path: string, text: string): Source {
  const { source, errors } = parseSource(path, text);
  const first = errors[0];
  if (first) {
    const line = source.lineAt(first.offset);
    const column = first.offset - (text.lastIndexOf('\n', first.offset - 1) + 1) + 1;
    throw new GeneratorError(`${tree.absolute(path)}:${line}:${column}: ${first.message}`, {
      hint: 'fix the syntax error, then run the command again; nothing was written',
      exitCode: EXIT.usage,
    });
  }
  return source;
}

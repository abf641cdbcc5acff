import type { CodeStyle } from '../../detect/style.ts';
import { statement } from '../../format.ts';
import { asyncInsertionPoint, isFunction, type FunctionNode } from '../syntax/nodes.ts';
import type { Source } from '../syntax/source.ts';

/**
 * A text edit on the file as parsed: [start, end) becomes `text`. Edits are applied as text, last
 * first, so every byte outside them stays as the user wrote it (ts-morph's own manipulation
 * re-indents the statements it moves). Positions are offsets in the parsed text (a node's `start`/`end`).
 */
export type { TextEdit as Edit } from '../../frameworks/types.ts';
import type { TextEdit as Edit } from '../../frameworks/types.ts';

/**
 * Applies edits last first; edits at the same place keep their order in the list. In a file whose lines
 * end in CRLF, the inserted lines do too.
 */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.index - a.index).map(e => e.edit);
  const crlf = /\r\n/.test(text) && !/(^|[^\r])\n/.test(text);
  let result = text;
  for (const edit of sorted) {
    const inserted = crlf ? edit.text.replace(/\r?\n/g, '\r\n') : edit.text;
    result = result.slice(0, edit.start) + inserted + result.slice(edit.end);
  }
  return result;
}

/**
 * Where code inserted after something ending at `end` goes: after a comment that ends the same line
 * (`app.listen(3000); // go`), so the comment stays with the code it describes.
 */
export function afterLineComment(source: Source, end: number): number {
  const rest = /^[ \t]*(\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/[ \t]*)(?=\r?\n|$)/.exec(source.text.slice(end, end + 500));
  return rest ? end + rest[0].length : end;
}

type Span = { start: number; end: number };

/** The whitespace the line holding `node` starts with. */
export function indentOf(source: Source, node: Span): string {
  const text = source.text;
  const lineStart = text.lastIndexOf('\n', node.start - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * farm-db's snippet lines (two-space nesting, single quotes, semicolons) in the user's style,
 * each prefixed with `indent`.
 */
export function styled(lines: string[], style: CodeStyle, indent = ''): string[] {
  return lines.map(line => {
    const depth = /^(?: {2})*/.exec(line)![0].length / 2;
    return `${indent}${style.indent.repeat(depth)}${statement(line.trimStart(), style)}`;
  });
}

/** Lines inserted on their own after `node` (a blank line between). */
export function insertAfter(source: Source, node: Span, lines: string[], style: CodeStyle, blankLine = true): Edit {
  const indent = indentOf(source, node);
  const at = afterLineComment(source, node.end);
  const following = source.text.slice(at);
  // Keep the inserted block apart from the next statement as from the one before.
  const gapAfter = blankLine && /^[ \t]*\r?\n[ \t]*[^\s}]/.test(following) ? '\n' : '';
  const text = `${blankLine ? '\n' : ''}\n${styled(lines, style, indent).join('\n')}${gapAfter}`;
  return { start: at, end: at, text };
}

/** Lines inserted directly above `node`, at its indentation. */
export function insertBefore(source: Source, node: Span, lines: string[], style: CodeStyle): Edit {
  const indent = indentOf(source, node);
  const [first, ...rest] = styled(lines, style, indent);
  const text = [first!.slice(indent.length), ...rest].join('\n');
  return { start: node.start, end: node.start, text: `${text}\n${indent}` };
}

/** `async ` before a function that is not async yet; undefined when it already is. */
export function makeAsync(source: Source, fn: FunctionNode | undefined): Edit | undefined {
  if (!isFunction(fn) || fn.async) return undefined;
  const at = asyncInsertionPoint(source, fn);
  return { start: at, end: at, text: 'async ' };
}

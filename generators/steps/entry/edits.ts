import { Node, SyntaxKind } from 'ts-morph';
import type { CodeStyle } from '../../detect/style.ts';
import { statement } from '../../format.ts';

/**
 * A text edit on the file as parsed: [start, end) becomes `text`. Edits are applied as text, last
 * first, so every byte outside them stays as the user wrote it (ts-morph's own manipulation
 * re-indents the statements it moves).
 */
export type { TextEdit as Edit } from '../../frameworks/types.ts';
import type { TextEdit as Edit } from '../../frameworks/types.ts';

/** Applies edits last first; edits at the same place keep their order in the list. */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.start - a.edit.start || b.index - a.index).map(e => e.edit);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The whitespace the line holding `node` starts with. */
export function indentOf(node: Node): string {
  const text = node.getSourceFile().getFullText();
  const lineStart = text.lastIndexOf('\n', node.getStart() - 1) + 1;
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
export function insertAfter(node: Node, lines: string[], style: CodeStyle, blankLine = true): Edit {
  const indent = indentOf(node);
  const following = node.getSourceFile().getFullText().slice(node.getEnd());
  // Keep the inserted block apart from the next statement as from the one before.
  const gapAfter = blankLine && /^[ \t]*\n[ \t]*[^\s}]/.test(following) ? '\n' : '';
  const text = `${blankLine ? '\n' : ''}\n${styled(lines, style, indent).join('\n')}${gapAfter}`;
  return { start: node.getEnd(), end: node.getEnd(), text };
}

/** Lines inserted directly above `node`, at its indentation. */
export function insertBefore(node: Node, lines: string[], style: CodeStyle): Edit {
  const indent = indentOf(node);
  const [first, ...rest] = styled(lines, style, indent);
  const text = [first!.slice(indent.length), ...rest].join('\n');
  return { start: node.getStart(), end: node.getStart(), text: `${text}\n${indent}` };
}

type FunctionLike = Node;

/** `async ` before a function that is not async yet; undefined when it already is. */
export function makeAsync(fn: FunctionLike): Edit | undefined {
  if (!(Node.isArrowFunction(fn) || Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn))) return undefined;
  if (fn.isAsync()) return undefined;
  let at: number;
  if (Node.isMethodDeclaration(fn)) at = fn.getNameNode().getStart();
  else if (Node.isArrowFunction(fn)) at = fn.getStart();
  else at = fn.getFirstChildByKindOrThrow(SyntaxKind.FunctionKeyword).getStart();
  return { start: at, end: at, text: 'async ' };
}

/** Whether making `fn` async would change a return type the user wrote (`(): void`). */
export function hasDeclaredReturnType(fn: FunctionLike): boolean {
  return (Node.isArrowFunction(fn) || Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn)) &&
    !fn.isAsync() && fn.getReturnTypeNode() !== undefined;
}

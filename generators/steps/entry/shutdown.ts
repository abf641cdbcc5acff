import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { CodeStyle } from '../../detect/style.ts';
import { indentOf, insertBefore, makeAsync, styled, type Edit } from './edits.ts';
import { enclosingFunction, enclosingStatement, signalHandlers } from './find.ts';

type FunctionNode = import('ts-morph').ArrowFunction | import('ts-morph').FunctionExpression | import('ts-morph').FunctionDeclaration;

const isFunction = (node: Node | undefined): node is FunctionNode =>
  !!node && (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node));

/** The functions the app runs on SIGINT/SIGTERM, inline or passed by name, each once. */
export function shutdownHandlers(file: SourceFile): FunctionNode[] {
  const found: FunctionNode[] = [];
  for (const call of signalHandlers(file)) {
    let handler: Node | undefined = call.getArguments()[1];
    if (handler && Node.isIdentifier(handler)) {
      const name = handler.getText();
      handler = file.getDescendantsOfKind(SyntaxKind.FunctionDeclaration).find(f => f.getName() === name) ??
        file.getDescendantsOfKind(SyntaxKind.VariableDeclaration).find(d => d.getName() === name)?.getInitializer();
    }
    if (isFunction(handler) && !found.includes(handler)) found.push(handler);
  }
  return found;
}

/**
 * Joins the app's own shutdown: in a `server.close(callback)` the database closes in the callback,
 * once the server stopped accepting and the requests in flight are done, and before its
 * process.exit; else before the handler's own process.exit, or at its end. Returns the edits,
 * or undefined when a handler cannot take it (then the caller makes it a manual step).
 */
export function joinShutdown(handler: FunctionNode, db: string, style: CodeStyle): Edit[] | undefined {
  const line = `await ${db}.shutdown();`;
  const closeCallback = handler.getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter(call => /\.close$/.test(call.getExpression().getText()))
    .map(call => call.getArguments().at(-1))
    .find(isFunction);
  const fn = closeCallback ?? handler;
  const exits = fn.getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter(call => call.getExpression().getText() === 'process.exit' && enclosingFunction(call) === fn);
  const exit = exits[0] && enclosingStatement(exits[0]);
  const edits: Edit[] = [];
  const asyncEdit = makeAsync(fn);
  if (asyncEdit) edits.push(asyncEdit);
  const body = fn.getBody();
  if (exit && exit.getParent() === body) {
    edits.push(insertBefore(exit, [line], style));
    return edits;
  }
  if (body && Node.isBlock(body)) {
    const statements = body.getStatements();
    const last = statements.at(-1);
    if (last) edits.push({ start: last.getEnd(), end: last.getEnd(), text: `\n${styled([line], style, indentOf(last)).join('')}` });
    else {
      const at = body.getStart() + 1;
      edits.push({ start: at, end: at, text: `\n${styled([line], style, indentOf(body) + style.indent).join('')}\n${indentOf(body)}` });
    }
    return edits;
  }
  if (body && Node.isExpression(body)) {
    // `() => process.exit(0)`: the expression becomes the last statement of a block body.
    const indent = indentOf(fn);
    const inner = indent + style.indent;
    edits.push({ start: body.getStart(), end: body.getStart(), text: `{\n${styled([line], style, inner).join('')}\n${inner}` });
    edits.push({ start: body.getEnd(), end: body.getEnd(), text: `${style.semicolons ? ';' : ''}\n${indent}}` });
    return edits;
  }
  return undefined;
}

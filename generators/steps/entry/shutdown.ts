import type { CodeStyle } from '../../detect/style.ts';
import { calleeText, isFunction, type FunctionNode } from '../syntax/nodes.ts';
import type { Node, Source } from '../syntax/source.ts';
import { indentOf, insertBefore, makeAsync, styled, type Edit } from './edits.ts';
import { enclosingFunction, enclosingStatement, signalHandlers } from './find.ts';

/** The functions the app runs on SIGINT/SIGTERM, inline or passed by name, each once. */
export function shutdownHandlers(source: Source): FunctionNode[] {
  const found: FunctionNode[] = [];
  for (const call of signalHandlers(source)) {
    let handler: Node | null | undefined = call.arguments[1];
    if (handler?.type === 'Identifier') {
      const name = handler.name;
      handler = source.all('FunctionDeclaration').find(f => f.id?.name === name) ??
        source.all('VariableDeclarator').find(d => d.id.type === 'Identifier' && d.id.name === name)?.init;
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
export function joinShutdown(source: Source, handler: FunctionNode, db: string, style: CodeStyle, server?: string): Edit[] | undefined {
  const line = `await ${db}.shutdown();`;
  const closeCallback = source.all('CallExpression', handler)
    .filter(call => /\.close$/.test(source.textOf(call.callee)))
    .map(call => call.arguments.at(-1))
    .find(isFunction);
  const fn = closeCallback ?? handler;
  const exits = source.all('CallExpression', fn)
    .filter(call => calleeText(source, call) === 'process.exit' && enclosingFunction(source, call) === fn);
  if (!closeCallback && exits.length === 0 && server) {
    const closing = closeWithCallback(source, handler, server, line, style);
    if (closing) return [closing];
  }
  const exit = exits[0] && enclosingStatement(source, exits[0]);
  const edits: Edit[] = [];
  const asyncEdit = makeAsync(source, fn);
  if (asyncEdit) edits.push(asyncEdit);
  const body = fn.body;
  if (exit && body && source.parentOf(exit) === body) {
    edits.push(insertBefore(source, exit, [line], style));
    return edits;
  }
  if (body?.type === 'BlockStatement') {
    const last = body.body.at(-1);
    if (last) edits.push({ start: last.end, end: last.end, text: `\n${styled([line], style, indentOf(source, last)).join('')}` });
    else {
      const at = body.start + 1;
      const indent = indentOf(source, body);
      edits.push({ start: at, end: at, text: `\n${styled([line], style, indent + style.indent).join('')}\n${indent}` });
    }
    return edits;
  }
  if (body) {
    // `() => process.exit(0)`: the expression becomes the last statement of a block body.
    const indent = indentOf(source, fn);
    const inner = indent + style.indent;
    edits.push({ start: body.start, end: body.start, text: `{\n${styled([line], style, inner).join('')}\n${inner}` });
    edits.push({ start: body.end, end: body.end, text: `${style.semicolons ? ';' : ''}\n${indent}}` });
    return edits;
  }
  return undefined;
}

/**
 * `server.close()` without a callback (nor an exit after it) returns at once, while requests are still in
 * flight: the database closes in a callback given to it, once the server has drained.
 */
function closeWithCallback(source: Source, handler: FunctionNode, server: string, line: string, style: CodeStyle): Edit | undefined {
  const bare = source.all('CallExpression', handler).find(call =>
    call.arguments.length === 0 && calleeText(source, call) === `${server.replace(/!$/, '')}.close` && enclosingFunction(source, call) === handler);
  if (!bare) return undefined;
  const indent = indentOf(source, bare);
  const at = bare.end - 1; // the call's closing parenthesis
  const body = styled(['async () => {', `  ${line}`, '}'], style, indent).join('\n').slice(indent.length);
  return { start: at, end: at, text: body };
}

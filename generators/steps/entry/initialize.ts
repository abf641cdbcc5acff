import { Node, type SourceFile, type Statement } from 'ts-morph';
import type { CodeStyle } from '../../detect/style.ts';
import { statement } from '../../format.ts';
import { enclosingFunction, enclosingStatement, listenCalls } from './find.ts';

/**
 * Puts `await db.initialize()` before the server starts listening. Inside an async function,
 * or at the top level of an ES module, it goes right before the listen statement; at the top
 * level of a CommonJS module (no top-level await) the listen statement moves into an async
 * `start()` function that initializes first. Returns false when there is no listen call.
 */
export function initializeBeforeListen(file: SourceFile, style: CodeStyle): boolean {
  if (/\bdb\.initialize\(/.test(file.getFullText())) return true;
  const listen = listenCalls(file)[0];
  const target = listen && enclosingStatement(listen);
  if (!target) return false;
  const fn = enclosingFunction(target);
  if (fn) {
    if (Node.isArrowFunction(fn) || Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn)) {
      fn.setIsAsync(true);
    }
    insertBefore(target, statement('await db.initialize();', style));
    return true;
  }
  if (style.topLevelAwait) {
    insertBefore(target, statement('await db.initialize();', style));
    return true;
  }
  wrapInStart(target, style);
  return true;
}

/** Prepends a line to the statement itself, so the two stay together after any blank line above (ts-morph indents it). */
function insertBefore(target: Statement, text: string): void {
  target.replaceWithText(`${text}\n${target.getText()}`);
}

/** CommonJS: `app.listen(...)` becomes the body of `async function start()`, called with error handling. */
function wrapInStart(target: Statement, style: CodeStyle): void {
  const i = style.indent;
  const hoisted: string[] = [];
  let body = target.getText();
  // A `const server = app.listen(...)` used elsewhere must stay visible at the top level.
  if (Node.isVariableStatement(target)) {
    for (const declaration of target.getDeclarations()) {
      const init = declaration.getInitializer()?.getText() ?? '';
      const callee = /^([\w.]+)\(/.exec(init)?.[1];
      hoisted.push(statement(`let ${declaration.getName()}!: ReturnType<typeof ${callee ?? 'Object'}>;`, style));
    }
    body = target.getDeclarations().map(d => statement(`${d.getName()} = ${d.getInitializer()?.getText()};`, style)).join('\n');
  }
  const indented = body.split('\n').map(line => (line ? `${i}${line}` : line)).join('\n');
  const text = [
    ...hoisted,
    `async function start() {`,
    `${i}${statement('await db.initialize();', style)}`,
    indented,
    `}`,
    ``,
    `start().catch((error) => {`,
    `${i}${statement('console.error(error);', style)}`,
    `${i}${statement('process.exit(1);', style)}`,
    statement(`});`, style),
  ].join('\n');
  target.replaceWithText(text);
}

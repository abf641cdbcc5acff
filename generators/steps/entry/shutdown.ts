import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { Framework } from '../../detect/framework.ts';
import type { CodeStyle } from '../../detect/style.ts';
import { statement } from '../../format.ts';
import { appVariable, containerOf, enclosingFunction, enclosingStatement, signalHandlers } from './find.ts';

/**
 * Closes the database on the app's existing shutdown path: before `process.exit` in its
 * SIGINT/SIGTERM handlers, or in Fastify's onClose hook; with none, adds signal handlers.
 */
export function addShutdown(file: SourceFile, framework: Framework, style: CodeStyle): void {
  if (/\bdb\.shutdown\(/.test(file.getFullText())) return;
  const handlers = signalHandlers(file);
  if (framework === 'fastify' && addOnCloseHook(file, style)) {
    if (handlers.length === 0) appendSignalHandlers(file, style, fastifyClose(file));
    return;
  }
  let added = false;
  for (const call of handlers) {
    const handler = call.getArguments()[1];
    if (!handler || !(Node.isArrowFunction(handler) || Node.isFunctionExpression(handler))) continue;
    const exit = handler.getDescendantsOfKind(SyntaxKind.CallExpression).find(c => c.getExpression().getText() === 'process.exit');
    const target = exit ? enclosingStatement(exit) : undefined;
    if (target) {
      const fn = enclosingFunction(target)!;
      if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn)) fn.setIsAsync(true);
      containerOf(target).insertStatements(target.getChildIndex(), statement('await db.shutdown();', style));
    } else {
      handler.setIsAsync(true);
      const body = handler.getBody();
      if (Node.isBlock(body)) body.addStatements(statement('await db.shutdown();', style));
      else continue;
    }
    added = true;
  }
  if (!added) appendSignalHandlers(file, style, undefined);
}

function fastifyClose(file: SourceFile): string | undefined {
  const app = appVariable(file, /^(fastify|Fastify|fastify\.default)$/);
  return app ? `await ${app.getName()}.close();` : undefined;
}

/** Fastify: `app.addHook('onClose', …)` runs on app.close(); add the shutdown there. */
function addOnCloseHook(file: SourceFile, style: CodeStyle): boolean {
  const app = appVariable(file, /^(fastify|Fastify|fastify\.default)$/);
  const declaration = app && enclosingStatement(app);
  if (!app || !declaration) return false;
  const i = style.indent;
  containerOf(declaration).insertStatements(declaration.getChildIndex() + 1, [
    `\n${app.getName()}.addHook('onClose', async () => {`,
    `${i}${statement('await db.shutdown();', style)}`,
    statement('});', style),
  ].join('\n').replace(/'/g, style.quote));
  return true;
}

function appendSignalHandlers(file: SourceFile, style: CodeStyle, close: string | undefined): void {
  const i = style.indent;
  file.addStatements([
    `\nfor (const signal of ['SIGINT', 'SIGTERM'] as const) {`,
    `${i}process.on(signal, async () => {`,
    `${i}${i}${statement(close ?? 'await db.shutdown();', style)}`,
    `${i}${i}${statement('process.exit(0);', style)}`,
    `${i}${statement('});', style)}`,
    '}',
  ].join('\n').replace(/'/g, style.quote));
}

import type { CodeStyle } from '../../detect/style.ts';
import type { FrameworkAdapter, StartCall } from '../../frameworks/index.ts';
import { unwrap, variableStatement, type FunctionNode } from '../syntax/nodes.ts';
import type { Node, Source } from '../syntax/source.ts';
import { freeName } from './db-name.ts';
import { afterLineComment, indentOf, makeAsync, styled, type Edit } from './edits.ts';
import { enclosingFunction, enclosingStatement } from './find.ts';

export interface StartPlan {
  edits: Edit[];
  /** Names the inserted code uses that must resolve where it lands. */
  names: string[];
}

/**
 * Around the statement that starts the server: `await db.initialize()` before it; when the app has
 * no shutdown of its own (`addHandlers`), signal handlers after it that stop accepting, let the
 * requests in flight finish (server.close's callback, or the framework's close), close the
 * database, then exit. At the top level of a module without top-level await (CommonJS, or a target below es2022) the statements
 * move into an async start() (indented one level, nothing else changes).
 */
export function startEdits(source: Source, start: StartCall, adapter: FrameworkAdapter, options: {
  db: string; style: CodeStyle; initialize: boolean; addHandlers: boolean;
  /** The built output may not allow top-level await (a bundler's CommonJS output): wrap as for CommonJS. */
  noTopLevelAwait?: boolean;
}): StartPlan | undefined {
  const { db, style } = options;
  const target = enclosingStatement(source, start.call);
  if (!target) return undefined;
  const fn = enclosingFunction(source, target);
  // Made async, a function that returns something (the server, say) would return a promise of it: its callers would break.
  if (fn && options.initialize && !fn.async && returnsValue(source, fn)) return undefined;
  const edits: Edit[] = [];
  const names = [db];
  let prefix = '';
  let handlers: string[] = [];
  if (options.addHandlers) {
    const close = closeLines(source, target, start, adapter, db);
    if (!close) return undefined;
    prefix = close.prefix;
    names.push(...close.names);
    handlers = [
      "for (const signal of ['SIGINT', 'SIGTERM'] as const) {",
      '  process.once(signal, () => {',
      ...close.lines.map(line => `    ${line}`),
      '  });',
      '}',
    ];
  }
  const indent = indentOf(source, target);
  const before = options.initialize ? [`await ${db}.initialize();`] : [];
  const targetText = source.textOf(target);
  if (!fn && (!style.topLevelAwait || options.noTopLevelAwait) && options.initialize) {
    const hoisted = prefix ? [] : hoistedDeclarations(source, target, style);
    const body = prefix ? `${prefix}${targetText}` : assignmentsOf(source, target) ?? targetText;
    const moved = [body, ...(handlers.length ? ['', ...styled(handlers, style)] : [])].join('\n');
    const text = [
      ...hoisted,
      'async function start() {',
      ...styled(before, style, style.indent),
      ...moved.split('\n').map(line => (line ? `${style.indent}${line}` : line)),
      '}',
      '',
      ...styled(['start().catch((error) => {', '  console.error(error);', '  process.exit(1);', '});'], style),
    ].map((line, i) => (i === 0 || !line ? line : `${indent}${line}`)).join('\n');
    edits.push({ start: target.start, end: target.end, text });
    return { edits, names };
  }
  if (fn && options.initialize) {
    const asyncEdit = makeAsync(source, fn);
    if (asyncEdit) edits.push(asyncEdit);
  }
  const head = [...styled(before, style, indent).map(l => l.slice(indent.length)), ''].join(`\n${indent}`);
  if (before.length || prefix) edits.push({ start: target.start, end: target.start, text: `${before.length ? head : ''}${prefix}` });
  if (handlers.length) {
    const at = afterLineComment(source, target.end);
    const gapAfter = /^[ \t]*\r?\n[ \t]*[^\s}]/.test(source.text.slice(at)) ? '\n' : '';
    edits.push({ start: at, end: at, text: `\n\n${styled(handlers, style, indent).join('\n')}${gapAfter}` });
  }
  return { edits, names };
}

/** Whether `fn` gives its caller a value: a declared return type, a `return x;` of its own, or an arrow's expression body. */
function returnsValue(source: Source, fn: FunctionNode): boolean {
  if (fn.returnType) return true;
  if (fn.body && fn.body.type !== 'BlockStatement') return true;
  return source.all('ReturnStatement', fn).some(r => r.argument && enclosingFunction(source, r) === fn);
}

/** How new handlers close the server: the value the start call returns (named if it is not), or the app's close(). */
function closeLines(source: Source, target: Node, start: StartCall, adapter: FrameworkAdapter, db: string) {
  if (adapter.closeWith === 'app-close') {
    const app = start.app && source.textOf(start.app);
    if (!app) return undefined;
    // close() stops accepting, waits for the requests in flight, then runs the onClose hook that closes the database.
    // Fastify keeps an idle keep-alive connection open for 72 s: once the requests in flight are answered, let theirs close.
    return { prefix: '', names: [], lines: [`${app}.server.keepAliveTimeout = 1;`, `${app}.close().then(() => process.exit(0));`] };
  }
  let server = returnedServer(source, start);
  let prefix = '';
  if (server && target.type === 'ExpressionStatement' && unwrap(target.expression)?.type === 'AssignmentExpression') {
    // Its declared type may allow undefined (`http?: Server`); once assigned it is not.
    if (/\.[mc]?tsx?$/.test(source.path)) server = `${server}!`;
  } else if (!server && target.type === 'ExpressionStatement' && unwrap(target.expression) === start.call) {
    server = freeName(source, ['server', 'httpServer', 'listeningServer']);
    prefix = `const ${server} = `;
  }
  if (!server) return undefined;
  return {
    prefix,
    // A member (`this.http`) is not looked up in scope; a variable must be visible where the handlers land.
    names: /^[\w$]+!?$/.test(server) ? [server.replace(/!$/, '')] : [],
    lines: [`${server}.close(async () => {`, `  await ${db}.shutdown();`, '  process.exit(0);', '});'],
  };
}

/**
 * What the server the start call returns is kept in: `server` in `const server = app.listen()`,
 * `this.http` in `this.http = this.app.listen()`; undefined when the value is not kept.
 */
export function returnedServer(source: Source, start: StartCall): string | undefined {
  const target = enclosingStatement(source, start.call);
  const variables = variableStatement(target);
  if (variables) {
    const declaration = variables.declarations.find(d => d.init && unwrap(d.init) === start.call);
    return declaration?.id.type === 'Identifier' ? declaration.id.name : undefined;
  }
  const assignment = target?.type === 'ExpressionStatement' ? unwrap(target.expression) : undefined;
  if (assignment?.type === 'AssignmentExpression' && assignment.operator === '=' && unwrap(assignment.right) === start.call) {
    return source.textOf(assignment.left);
  }
  return undefined;
}

const declaredName = (source: Source, id: Node) => (id.type === 'Identifier' ? id.name : source.textOf(id));

/** A `const server = app.listen(...)` moved into start() stays visible at the top level. */
function hoistedDeclarations(source: Source, target: Node, style: CodeStyle): string[] {
  const variables = variableStatement(target);
  if (!variables) return [];
  // `export const server = app.listen()` stays exported: importers keep their binding.
  const exported = target.type === 'ExportNamedDeclaration' ? 'export ' : '';
  return styled(variables.declarations.map(declaration => {
    const callee = /^([\w.]+)\(/.exec(declaration.init ? source.textOf(declaration.init) : '')?.[1];
    return `${exported}let ${declaredName(source, declaration.id)}!: ReturnType<typeof ${callee ?? 'Object'}>;`;
  }), style);
}

function assignmentsOf(source: Source, target: Node): string | undefined {
  const variables = variableStatement(target);
  if (!variables) return undefined;
  return variables.declarations.map(d => `${declaredName(source, d.id)} = ${d.init ? source.textOf(d.init) : 'undefined'};`).join('\n');
}

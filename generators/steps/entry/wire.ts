import type { GeneratorContext } from '../../context.ts';
import { adapterFor, type StartCall } from '../../frameworks/index.ts';
import { parseOrFail } from '../syntax/parse.ts';
import { parseSource, type Source } from '../syntax/source.ts';
import { findAppCreation, type AppCreation, type Files } from './app-file.ts';
import { freeName, importDbEdit, importedDbName } from './db-name.ts';
import { applyEdits, insertAfter, styled, type Edit } from './edits.ts';
import { enclosingStatement } from './find.ts';
import { healthRouteEdit, healthRouteSnippet } from './health-route.ts';
import { joinShutdown, shutdownHandlers } from './shutdown.ts';
import { returnedServer, startEdits } from './start.ts';
import { editProblem } from './verify.ts';

/** One file's planned edits and the names they need. */
interface FilePlan {
  source: Source;
  db: string;
  importsDb: boolean;
  edits: Edit[];
  /** Edits already applied to `source` (withEditsApplied): their code is still farm-db's, for a manual step. */
  applied: Edit[];
  names: Set<string>;
}

/**
 * Wires the DatabaseManager into the app, through its framework adapter: GET /health/db where the
 * app is made (following its import), `initialize()` before the server starts, the database closed
 * inside the app's own shutdown after the server drained. Every part checks before it inserts, so a
 * re-run changes nothing; a part that cannot be wired becomes a manual step with the code to paste.
 */
export function wireEntry(ctx: GeneratorContext): void {
  const { tree, layout } = ctx;
  const adapter = adapterFor(layout.framework);
  const style = layout.style;
  const parsed = new Map<string, Source>();
  const files: Files = {
    tree,
    parse: path => {
      let file = parsed.get(path);
      if (!file) parsed.set(path, (file = parseOrFail(tree, path, tree.read(path)!)));
      return file;
    },
  };
  const plans = new Map<string, FilePlan>();
  const planFor = (path: string): FilePlan => {
    let plan = plans.get(path);
    if (!plan) {
      const source = files.parse(path);
      const existing = importedDbName(tree, layout, path, source);
      plan = { source, db: existing ?? freeName(source), importsDb: !!existing, edits: [], applied: [], names: new Set() };
      plans.set(path, plan);
    }
    return plan;
  };
  const manual = (title: string, snippet: string) => ctx.manualSteps.push({ title, snippet });

  const entry = planFor(layout.entry);
  let start: StartCall | undefined = adapter.startCalls(entry.source)[0];
  const creation = start?.app ? findAppCreation(files, layout.entry, entry.source, start.app, adapter) : undefined;
  const wiredText = (path: string | undefined) => (path ? tree.read(path)! : '');
  const hasRoute = [layout.entry, creation?.path].some(path => wiredText(path).includes('/health/db'));

  // 1. The route, where the app is made, before anything that could answer or reject it.
  if (!hasRoute) addRoute(ctx, adapter, start, creation, planFor, manual);

  // A dev server that owns listen (vite-plugin-node): listen runs only behind `if (import.meta.env.PROD)`.
  const devServerOwnsListen = !!start && !!entry.source.ancestor(
    start.call, n => n.type === 'IfStatement' && entry.source.textOf(n.test).includes('import.meta.env'),
  );
  const initialized = entry.importsDb && wiredText(layout.entry).includes(`${entry.db}.initialize(`) ||
    (!!creation && plans.get(creation.path)?.importsDb === true && wiredText(creation.path).includes(`${planFor(creation.path).db}.initialize(`));
  const shutDown = entry.importsDb && wiredText(layout.entry).includes(`${entry.db}.shutdown(`) ||
    (!!creation && planFor(creation.path).importsDb && wiredText(creation.path).includes(`${planFor(creation.path).db}.shutdown(`));

  if (!start) {
    if (!initialized || !shutDown) {
      const startCall = adapter.name === 'hono' ? 'serve()' : '.listen()';
      manual(`${layout.entry} has no call that starts the server (${startCall}): initialize the database before it and close it after the server`,
        styled([
          `await ${entry.db}.initialize(); // before the server starts`,
          '// on SIGTERM, once the server stopped and drained:',
          `await ${entry.db}.shutdown();`,
        ], style).join('\n'));
    }
  } else {
    // 2. initialize() right before the start call. When a dev server owns listen (vite-plugin-node serves the
    // exported app, listen runs only in the production build), the production start is wrapped without
    // top-level await (the bundle may be CommonJS) and the dev server's start is a manual step.
    const initializeAtStart = !initialized;
    if (!initialized && devServerOwnsListen) {
      manual(`the dev server owns listen in ${layout.entry} (it serves the exported app): initialize the database when it starts`,
        styled([`// e.g. in your dev server's startup, or a first middleware:`, `await ${entry.db}.initialize();`], style).join('\n'));
    }
    // 3. shutdown inside the app's own path.
    let addHandlers = false;
    if (!shutDown) addHandlers = joinAppShutdown(ctx, adapter, returnedServer(entry.source, start), creation, planFor, manual);
    if (initializeAtStart || addHandlers) {
      // The start's edits may move the statement that holds the route just planned (node:http's handler inside
      // `createServer(…).listen()`, wrapped into start()): they are planned on the text with the others applied.
      start = withEditsApplied(entry, adapter) ?? start;
      const planned = startEdits(entry.source, start, adapter, {
        db: entry.db, style, initialize: initializeAtStart, addHandlers, noTopLevelAwait: devServerOwnsListen,
      });
      if (planned) {
        entry.edits.push(...planned.edits);
        planned.names.forEach(name => entry.names.add(name));
      } else {
        manual(`could not wire the start of the server in ${layout.entry}`, styled([
          `await ${entry.db}.initialize(); // right before ${firstLine(entry.source, enclosingStatement(entry.source, start.call))}`,
          '// on SIGTERM: close the server, and in its close callback:',
          `await ${entry.db}.shutdown();`,
          'process.exit(0);',
        ], style).join('\n'));
      }
    }
  }
  writePlans(ctx, plans, manual);
}

/** The first line of a statement, for a manual step. */
const firstLine = (source: Source, node: { start: number; end: number } | undefined) => (node ? source.textOf(node).split('\n')[0] : '');

function addRoute(ctx: GeneratorContext, adapter: ReturnType<typeof adapterFor>, start: StartCall | undefined, creation: AppCreation | undefined,
  planFor: (path: string) => FilePlan, manual: (title: string, snippet: string) => void): void {
  const { layout } = ctx;
  if (adapter.insertRoute && start) {
    const plan = planFor(layout.entry);
    const edits = adapter.insertRoute(plan.source, start, plan.db, layout.style);
    if (edits) {
      plan.edits.push(...edits);
      plan.names.add(plan.db);
      return;
    }
  } else if (creation) {
    const plan = planFor(creation.path);
    const edit = healthRouteEdit(creation, adapter, plan.db, layout.style);
    if (edit) {
      plan.edits.push(edit);
      plan.names.add(plan.db);
      if (!creation.appText.startsWith('this.')) plan.names.add(creation.appText);
      return;
    }
  }
  const where = creation ? creation.path : layout.entry;
  manual(`add GET /health/db to your ${adapter.name === 'unknown' ? 'HTTP server' : `${adapter.name} app`} (${where}), before auth and catch-all handlers`,
    healthRouteSnippet(adapter, creation?.appText ?? 'app', 'db', layout.style));
}

/**
 * Joins the app's own shutdown (Fastify: its onClose hook; else its signal handlers).
 * Returns true when the app has none, so new handlers go after the start call.
 */
function joinAppShutdown(ctx: GeneratorContext, adapter: ReturnType<typeof adapterFor>, server: string | undefined, creation: AppCreation | undefined,
  planFor: (path: string) => FilePlan, manual: (title: string, snippet: string) => void): boolean {
  const { layout } = ctx;
  const handlerFiles = [layout.entry, ...(creation && creation.path !== layout.entry ? [creation.path] : [])];
  const handlers = handlerFiles.flatMap(path => shutdownHandlers(planFor(path).source).map(fn => ({ path, fn })));
  if (adapter.shutdown === 'on-close-hook' && creation?.anchor && adapter.closeHook) {
    const plan = planFor(creation.path);
    plan.edits.push(insertAfter(creation.source, creation.anchor, adapter.closeHook(creation.appText, plan.db), layout.style));
    plan.names.add(plan.db);
    // The app's handlers that close the app run the hook; with none, new ones call close().
    const closesApp = handlers.some(({ path, fn }) => planFor(path).source.textOf(fn).includes('.close('));
    if (closesApp || handlers.length === 0) return handlers.length === 0;
  }
  if (handlers.length === 0) return true;
  for (const { path, fn } of handlers) {
    const plan = planFor(path);
    const edits = joinShutdown(plan.source, fn, plan.db, layout.style, path === layout.entry ? server : undefined);
    if (edits) {
      plan.edits.push(...edits);
      plan.names.add(plan.db);
    } else {
      manual(`close the database in your shutdown handler (${path}:${plan.source.lineAt(fn.start)}), after the server closed`, `await ${plan.db}.shutdown();`);
    }
  }
  return false;
}

/**
 * Applies the plan's edits so far to its text and parses the result, which becomes the plan's text with no edits
 * pending; returns the start call found in it. Undefined (the plan left as it was) when there is nothing to apply
 * or the result does not parse (writePlans then reports it).
 */
function withEditsApplied(plan: FilePlan, adapter: ReturnType<typeof adapterFor>): StartCall | undefined {
  if (plan.edits.length === 0) return undefined;
  const { source, errors } = parseSource(plan.source.path, applyEdits(plan.source.text, plan.edits));
  const start = adapter.startCalls(source)[0];
  if (errors.length > 0 || !start) return undefined;
  plan.source = source;
  plan.applied.push(...plan.edits);
  plan.edits = [];
  return start;
}

/** Applies each file's edits, adds its import, and keeps the result only when every inserted name resolves. */
function writePlans(ctx: GeneratorContext, plans: Map<string, FilePlan>, manual: (title: string, snippet: string) => void): void {
  const { tree, layout } = ctx;
  for (const [path, plan] of plans) {
    if (plan.edits.length === 0 && plan.source.text === tree.read(path)) continue; // nothing planned, nor applied already
    let text = applyEdits(plan.source.text, plan.edits);
    if (!plan.importsDb) text = applyEdits(text, [importDbEdit(layout, path, parseSource(path, text).source, plan.db)]);
    const problem = editProblem(path, text, [...plan.names]);
    if (problem) {
      const inserted = [...plan.applied, ...plan.edits].map(edit => edit.text.trim()).filter(Boolean).join('\n\n');
      manual(`${path} was left as it is: ${problem}; paste it where it fits`, inserted);
      continue;
    }
    tree.write(path, text);
  }
}

import type { CallNode } from '../steps/syntax/nodes.ts';
import type { Node, Source } from '../steps/syntax/source.ts';
import type { CodeStyle } from '../detect/style.ts';

export type Framework = 'express' | 'fastify' | 'koa' | 'node-http' | 'nestjs' | 'hono' | 'trpc' | 'unknown';

/** [start, end) of the parsed text becomes `text` (see steps/entry/edits.ts). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The call that starts serving, and the expression for the app (or server) it starts. */
export interface StartCall {
  call: CallNode;
  /** `app` in `app.listen()`, `app` in `serve({ fetch: app.fetch })`; the server factory call for node:http/tRPC. */
  app: Node | undefined;
}

/**
 * What farm-db needs to know about one HTTP framework. The entry steps (steps/entry/*) are written
 * against this interface only; a new framework is one adapter here plus a fixture.
 */
export interface FrameworkAdapter {
  readonly name: Framework;
  /** Packages whose import in the entry means this framework, strongest first. */
  readonly imports: readonly string[];
  /** package.json dependencies that mean this framework when the entry imports none of the above. */
  readonly dependencies: readonly string[];
  /** Whether `callee(...)` / `new callee(...)` makes the app (`express()`, `new Koa()`). */
  createsApp(callee: string): boolean;
  /** Where the app starts serving (first one first). */
  startCalls(source: Source): StartCall[];
  /**
   * GET /health/db on the app named `app`, answering `db.healthCheck()` (lines at indent 0, two-space
   * nesting, single quotes: the caller puts them in the user's style). Undefined: the route cannot be added.
   */
  healthRoute(app: string, db: string): string[] | undefined;
  /** For servers without routes (node:http, tRPC standalone): edits the request handling itself; false when it cannot. */
  insertRoute?(source: Source, start: StartCall, db: string, style: CodeStyle): TextEdit[] | undefined;
  /**
   * How the database closes after the server: 'server-close' waits in the server's close callback,
   * 'on-close-hook' uses the framework's own close hook (Fastify onClose), 'lifecycle' is Nest's.
   */
  readonly shutdown: 'server-close' | 'on-close-hook' | 'lifecycle';
  /** The hook registration for 'on-close-hook'. */
  closeHook?(app: string, db: string): string[];
  /** What closes the server given the value the start call returns (`server.close(cb)`), or the app for hooks. */
  readonly closeWith?: 'returned-server' | 'app-close';
}

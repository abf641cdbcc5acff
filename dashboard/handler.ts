import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { createMetrics } from './metrics.ts';
import { attachedSource, processSource } from './sources.ts';
import type { DashboardHandler, DashboardSource } from '../runtime/index.ts';
import type { DashboardOptions } from './types.ts';

const require = createRequire(import.meta.url);
const TOKEN_COOKIE = 'farm_dashboard_token';

/** Files the page loads: its own, and uPlot from node_modules (the page works offline, no CDN). */
const FILES: Record<string, { path: () => string; type: string }> = {
  '': { path: () => require.resolve('./public/index.html'), type: 'text/html; charset=utf-8' },
  'app.js': { path: () => require.resolve('./public/app.js'), type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { path: () => require.resolve('./public/favicon.svg'), type: 'image/svg+xml' },
  'style.css': { path: () => require.resolve('./public/style.css'), type: 'text/css; charset=utf-8' },
  'uplot.js': { path: () => require.resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.css': { path: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

/**
 * The dashboard's routes, by the last part of the path so it works wherever it is mounted:
 * the page and its files, `events` (server-sent events, one update per interval while a page
 * is open), `state` (one update as JSON) and `metrics` (Prometheus text format).
 */
export function createDashboardHandler(db: DashboardSource, options: DashboardOptions): DashboardHandler {
  const intervalMs = options.intervalMs ?? 1000;
  const source = options.app ? attachedSource(db, options.app) : processSource(db, options.standalone ? 'standalone' : 'process');
  const metrics = createMetrics(db);
  const clients = new Set<ServerResponse>();
  const cache = new Map<string, Buffer>();
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  // Alerts show on the page: evaluate them while the dashboard runs, if the app does not already
  // (an attached dashboard shows the app's). Each handler holds the evaluator once, released by its close().
  const releaseAlerts = source.ownAlerts ? db.alerts.hold() : () => undefined;

  // The latest update, for clients that connect between ticks; one sample serves every one of them.
  let latest: Promise<string | undefined> | undefined;
  const sampleMessage = (): Promise<string | undefined> =>
    source.sample().then(
      state => `data: ${JSON.stringify(state)}\n\n`,
      () => undefined, // shutting down; the next tick or close() deals with it
    );

  const broadcast = async () => {
    const next = sampleMessage();
    const message = await next;
    if (message === undefined) return;
    latest = next;
    for (const client of clients) client.write(message);
  };

  /** A new client gets one update of its own (the latest, or the first sample), never a broadcast to all. */
  const greet = async (client: ServerResponse) => {
    const message = await (latest ??= sampleMessage());
    if (message === undefined) latest = undefined; // that sample failed: the next client tries again
    else if (clients.has(client)) client.write(message);
  };

  const handler = ((req: IncomingMessage, res: ServerResponse, next?: () => void) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    if (!authorized(req, url, res, options.token)) return;
    const name = url.pathname.split('/').at(-1) ?? '';
    if (name === 'events') return openStream(res);
    if (name === 'favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (name === 'state') return sendState(res);
    if (name === 'metrics') {
      return void metrics.registry.metrics().then(text => send(res, 200, metrics.registry.contentType, text), error => send(res, 500, 'text/plain', String(error)));
    }
    const file = FILES[name === 'index.html' ? '' : name];
    if (file && name !== '') return serveFile(res, name, file);
    if (name !== '' && !file && next) return next(); // Express: not ours
    // The page itself. Its links are relative, so its address must end with a slash.
    const fullPath = new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/', 'http://dashboard').pathname;
    if (!fullPath.endsWith('/')) return redirect(res, `${sameOriginPath(fullPath)}/${url.search}`);
    serveFile(res, '', FILES['']!);
  }) as DashboardHandler;

  /**
   * One update as JSON. While pages are open it is the latest one they got: a sample of its own
   * would take the queries since the last tick from the window they share, and their next
   * update would show fewer queries per second than ran.
   */
  function sendState(res: ServerResponse): void {
    const fail = (error: unknown) => send(res, 503, 'text/plain', String(error));
    if (clients.size > 0 && latest) {
      return void latest.then(message => (message ? send(res, 200, 'application/json', message.slice(6, -2)) : fail('no update yet')), fail);
    }
    void source.sample().then(state => send(res, 200, 'application/json', JSON.stringify(state)), fail);
  }

  function serveFile(res: ServerResponse, name: string, file: { path: () => string; type: string }): void {
    let body = cache.get(name);
    if (!body) cache.set(name, (body = readFileSync(file.path())));
    send(res, 200, file.type, body);
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    clients.add(res);
    res.on('close', () => {
      clients.delete(res);
      if (clients.size === 0) {
        clearInterval(timer);
        timer = undefined;
        unsubscribe?.();
        unsubscribe = undefined;
        latest = undefined; // the next page to open gets a fresh sample
      }
    });
    void greet(res);
    if (source.subscribe) unsubscribe ??= source.subscribe(() => void broadcast());
    else timer ??= setInterval(() => void broadcast(), intervalMs);
  }

  handler.close = async () => {
    clearInterval(timer);
    unsubscribe?.();
    for (const client of clients) client.end();
    clients.clear();
    metrics.close();
    releaseAlerts();
    await source.close();
  };
  return handler;
}

/** With a token set, every request must carry it (header, ?token= once, then a cookie for the page's own requests). */
function authorized(req: IncomingMessage, url: URL, res: ServerResponse, token: string | undefined): boolean {
  if (!token) return true;
  const header = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const cookie = /(?:^|;\s*)farm_dashboard_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const query = url.searchParams.get('token');
  const given = header ?? query ?? (cookie ? decodeURIComponent(cookie) : undefined);
  if (given !== undefined && safeEqual(given, token)) {
    if (query !== null) res.setHeader('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    return true;
  }
  res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="farm-db dashboard"' });
  res.end('farm-db dashboard: a token is required (Authorization: Bearer <token>, or ?token=<token> in the page address)\n');
  return false;
}

function safeEqual(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * A path that a browser can only read as path-absolute on this origin: `//host` and `/\\host`
 * are network-path references (an open redirect), so leading slashes and backslashes collapse to one.
 */
export function sameOriginPath(path: string): string {
  return `/${path.replace(/^[/\\]+/, '')}`;
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

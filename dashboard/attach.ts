import { EventEmitter } from 'node:events';
import { FarmRuntimeError } from '../runtime/index.ts';
import { describeError } from '../runtime/errors.ts';
import type { DashboardState } from './state.ts';

/** How long the first update may take: the app's dashboard sends one as soon as a stream opens. */
const FIRST_UPDATE_MS = 10_000;
const RECONNECT_MS = 1000;

const WHERE_MOUNTED = "the address where the app mounts db.dashboard(), e.g. app.use('/_db', …) → --app http://127.0.0.1:3000/_db";

/** The app's address as given, without a token or credentials (for messages and the page), and the token it carried. */
export function parseAppUrl(given: string): { base: URL; shown: string; token?: string } {
  let base: URL;
  try {
    base = new URL(given);
  } catch {
    throw new FarmRuntimeError(`--app "${given}" is not a URL`, { hint: `give ${WHERE_MOUNTED}` });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new FarmRuntimeError(`--app ${base.protocol} is not http: or https:`, { hint: `give ${WHERE_MOUNTED}` });
  }
  const token = base.searchParams.get('token') ?? undefined;
  base.search = '';
  base.hash = '';
  base.username = '';
  base.password = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const shown = base.pathname === '/' ? base.toString() : base.toString().replace(/\/$/, '');
  return { base, shown, token };
}

/**
 * The live stream of a dashboard mounted in a running app (`<app>/events`, server-sent events),
 * read with the app's token. `connect()` resolves with the first update or fails saying why
 * (unreachable, 401/403, not a farm-db dashboard); afterwards a lost stream is reopened, and
 * 'update' / 'status' events tell the standalone dashboard.
 */
export class AppStream extends EventEmitter<{ update: [DashboardState]; status: [] }> {
  readonly shown: string;
  readonly #events: URL;
  readonly #token: string | undefined;
  readonly #abort = new AbortController();
  #latest: DashboardState | undefined;
  #connected = false;
  #error: string | undefined;
  #closed = false;

  private constructor(appUrl: string, token: string | undefined) {
    super();
    const parsed = parseAppUrl(appUrl);
    this.shown = parsed.shown;
    this.#events = new URL('events', parsed.base);
    this.#token = token ?? parsed.token;
  }

  static async connect(appUrl: string, token?: string): Promise<AppStream> {
    const stream = new AppStream(appUrl, token);
    const first = await stream.#open();
    void stream.#follow(first);
    return stream;
  }

  /** The app's latest update. */
  get latest(): DashboardState {
    return this.#latest!;
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Why the stream is down (never the token). */
  get error(): string | undefined {
    return this.#error;
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
  }

  /** Opens the stream and reads up to its first update; every failure is a FarmRuntimeError saying what to do. */
  async #open(): Promise<AsyncIterator<DashboardState>> {
    const where = `the app's dashboard at ${this.shown}`;
    // A deadline for the first update only: the stream itself stays open as long as the app sends.
    const stalled = new AbortController();
    const deadline = setTimeout(() => stalled.abort(new Error(`no answer within ${FIRST_UPDATE_MS / 1000} s`)), FIRST_UPDATE_MS);
    try {
      return await this.#request(where, AbortSignal.any([this.#abort.signal, stalled.signal]));
    } finally {
      clearTimeout(deadline);
    }
  }

  async #request(where: string, signal: AbortSignal): Promise<AsyncIterator<DashboardState>> {
    let response: Response;
    try {
      response = await fetch(this.#events, {
        headers: { accept: 'text/event-stream', ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}) },
        signal,
      });
    } catch (error) {
      throw new FarmRuntimeError(`cannot reach ${where}: ${describeError((error as Error).cause ?? error)}`, {
        hint: `start the app, or check the host and port; --app takes ${WHERE_MOUNTED}`,
        cause: error,
      });
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      const refused = this.#token ? 'refused the token given' : 'requires a token and none was given';
      throw new FarmRuntimeError(`${where} ${refused} (HTTP ${response.status})`, {
        hint: "set FARM_DASHBOARD_APP_TOKEN to the app's database.monitoring.dashboardToken (farm db dashboard never prints it)",
      });
    }
    const type = response.headers.get('content-type') ?? 'no content type';
    if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
      await response.body?.cancel();
      throw notDashboard(this.shown, `GET ${this.#events.pathname} answered HTTP ${response.status} (${type})`);
    }
    const updates = readUpdates(response.body);
    const first = await updates.next().catch((error: unknown) => {
      throw notDashboard(this.shown, `no update came: ${describeError(signal.reason ?? error)}`);
    });
    if (first.done) throw notDashboard(this.shown, 'its event stream ended before sending an update');
    if (!isDashboardState(first.value)) {
      // Giving up closes the stream (returning the reader cancels the body), or it would hold the connection open.
      await updates.return(undefined);
      throw notDashboard(this.shown, 'its event stream sends something else');
    }
    this.#receive(first.value);
    return updates;
  }

  /** Reads updates until the stream ends, then reopens it (every RECONNECT_MS) until closed. */
  async #follow(updates: AsyncIterator<DashboardState>): Promise<void> {
    while (!this.#closed) {
      try {
        for (let next = await updates.next(); !next.done; next = await updates.next()) {
          if (isDashboardState(next.value)) this.#receive(next.value);
        }
        this.#lost('the app closed its dashboard stream');
      } catch (error) {
        this.#lost(describeError(error));
      }
      while (!this.#closed) {
        await new Promise(resolve => setTimeout(resolve, RECONNECT_MS).unref());
        if (this.#closed) return;
        try {
          updates = await this.#open();
          break;
        } catch (error) {
          this.#lost((error as Error).message.split('\n')[0]!);
        }
      }
    }
  }

  #receive(state: DashboardState): void {
    this.#latest = state;
    this.#connected = true; // the update says so: no 'status' of its own
    this.#error = undefined;
    this.emit('update', state);
  }

  #lost(reason: string): void {
    if (this.#closed) return;
    const changed = this.#connected || this.#error !== reason;
    this.#connected = false;
    this.#error = reason;
    if (changed) this.emit('status');
  }
}

function notDashboard(shown: string, why: string): FarmRuntimeError {
  return new FarmRuntimeError(`${shown} is not a farm-db dashboard: ${why}`, { hint: `give ${WHERE_MOUNTED}` });
}

/** The `data:` of each server-sent event, parsed as JSON (the dashboard sends one JSON update per event). */
async function* readUpdates(body: ReadableStream<Uint8Array>): AsyncGenerator<DashboardState> {
  let buffer = '';
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    buffer += chunk.replace(/\r\n?/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter(line => line.startsWith('data:')).map(line => line.slice(5).replace(/^ /, ''));
      if (data.length === 0) continue; // `retry:` and comments
      try {
        yield JSON.parse(data.join('\n')) as DashboardState;
      } catch {
        yield undefined as never; // not JSON: isDashboardState() says so
      }
    }
  }
}

function isDashboardState(value: unknown): value is DashboardState {
  const state = value as Partial<DashboardState> | null | undefined;
  return typeof state === 'object' && state !== null && typeof state.at === 'string' && typeof state.provider === 'string'
    && typeof state.rates === 'object' && typeof state.totals === 'object' && Array.isArray(state.alerts);
}

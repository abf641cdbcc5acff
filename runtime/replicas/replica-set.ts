import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/core';
import { describeError } from '../errors.ts';
import type { FarmLogger } from '../monitoring/logger.ts';
import { INTERNAL_QUERY } from '../providers/sql-session.ts';
import type { ReplicaLag, ReplicaSupport } from '../providers/replica-support.ts';

/** How one replica is doing, as health, /metrics and the dashboard report it. */
export interface ReplicaStatus {
  name: string;
  /** Reads go to it; false after it failed, until a probe gets an answer again. */
  inRotation: boolean;
  /** Round trip of the latest probe; null before the first or while it fails. */
  responseTimeMs: number | null;
  /** Replication lag the server reported at the latest probe; null where it did not say (see lagOutput). */
  lagSeconds: number | null;
  lagOutput?: string;
  /** Why it was taken out of rotation (while it is out). */
  lastError?: string;
  checkedAt: string | null;
  outSince: string | null;
  /** Reads sent to it. */
  reads: number;
  /** Reads it failed that were run again on another replica or the primary. */
  failovers: number;
}

type Execute = (query: string, params?: unknown[], method?: string, ctx?: unknown, loggerContext?: object) => Promise<unknown>;
type Stream = (
  query: string,
  params?: unknown[],
  ctx?: unknown,
  loggerContext?: object,
  chunkSize?: number,
) => AsyncIterableIterator<unknown>;

/** The parts of a MikroORM SQL connection this file uses. */
interface SqlConnection {
  execute: Execute;
  stream: Stream;
  checkConnection(): Promise<{ ok: boolean; reason?: string; error?: Error }>;
}

interface RoutingDriver {
  connection: SqlConnection;
  replicas: SqlConnection[];
  getConnection(type?: 'read' | 'write'): SqlConnection;
}

interface Member {
  status: ReplicaStatus;
  connection: SqlConnection;
  /** The connection's own execute, for probes: they are neither reads nor fail over. */
  execute: Execute;
}

/**
 * The replicas MikroORM opened for `replicas`, kept in rotation while they answer. Reads go round
 * robin to the replicas in rotation (to the primary when none is); a read a replica fails because
 * the replica is unreachable takes it out of rotation and runs again elsewhere, so a replica going
 * down fails no read. Probes (periodic, and on every health check) bring it back.
 */
export class ReplicaSet {
  readonly #members: Member[];
  readonly #support: ReplicaSupport;
  readonly #logger: FarmLogger;
  readonly #timeoutMs: number;
  #next = 0;
  #timer?: NodeJS.Timeout;
  #probing?: Promise<ReplicaStatus[]>;
  readonly #primaryOnly = new AsyncLocalStorage<true>();

  constructor(orm: MikroORM, names: readonly string[], options: { support: ReplicaSupport; logger: FarmLogger; timeoutMs: number }) {
    this.#support = options.support;
    this.#logger = options.logger;
    this.#timeoutMs = options.timeoutMs;
    const driver = orm.driver as unknown as RoutingDriver;
    const primary = driver.connection;
    this.#members = driver.replicas.map((connection, index) => ({
      connection,
      execute: connection.execute.bind(connection),
      status: {
        name: names[index] ?? `replica-${index + 1}`,
        inRotation: true,
        responseTimeMs: null,
        lagSeconds: null,
        checkedAt: null,
        outSince: null,
        reads: 0,
        failovers: 0,
      },
    }));
    driver.getConnection = type => {
      if (type !== 'read' || this.#primaryOnly.getStore()) return primary;
      const live = this.#members.filter(member => member.status.inRotation);
      if (live.length === 0) return primary;
      this.#next = (this.#next + 1) % live.length;
      return live[this.#next]!.connection;
    };
    for (const member of this.#members) this.#failOver(member, driver);
  }

  get size(): number {
    return this.#members.length;
  }

  /** The latest status of each replica (copies). */
  status(): ReplicaStatus[] {
    return this.#members.map(member => ({ ...member.status }));
  }

  /** Probes every replica now (callers at the same moment share one round). */
  probe(): Promise<ReplicaStatus[]> {
    this.#probing ??= Promise.all(this.#members.map(member => this.#probe(member)))
      .then(() => this.status())
      .finally(() => (this.#probing = undefined));
    return this.#probing;
  }

  /**
   * `target` with every method running its reads on the primary: for farm-db's own readers (migration
   * status, transfers), which must see the latest state, not a replica's.
   */
  onPrimary<T extends object>(target: T): T {
    const scope = this.#primaryOnly;
    return new Proxy(target, {
      get(object, key) {
        const value = Reflect.get(object, key, object) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => scope.run(true, () => (value as (...a: unknown[]) => unknown).apply(object, args));
      },
    });
  }

  /** Probes every `intervalMs` until stop(); the timer does not keep the process alive. */
  start(intervalMs: number): void {
    this.#timer ??= setInterval(() => void this.probe(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Wraps a replica's execute and stream: a read the replica fails for being down is run again elsewhere. */
  #failOver(member: Member, driver: RoutingDriver): void {
    const { connection } = member;
    const stream = connection.stream.bind(connection);
    // A read inside a transaction never reaches a replica; `ctx` is passed through all the same.
    connection.execute = async (query, params, method, ctx, loggerContext) => {
      if (ctx) return member.execute(query, params, method, ctx, loggerContext);
      member.status.reads += 1;
      try {
        return await member.execute(query, params, method, ctx, loggerContext);
      } catch (error) {
        if (!(await this.#shouldRunElsewhere(member, error))) throw error;
        member.status.failovers += 1;
        return driver.getConnection('read').execute(query, params, method, undefined, loggerContext);
      }
    };
    const reroute = this.#shouldRunElsewhere.bind(this);
    connection.stream = async function* (query, params, ctx, loggerContext, chunkSize) {
      if (!ctx) member.status.reads += 1;
      let yielded = false;
      try {
        for await (const row of stream(query, params, ctx, loggerContext, chunkSize)) {
          yielded = true;
          yield row;
        }
      } catch (error) {
        // Rows already handed out cannot be taken back: only a stream that failed before its first row moves.
        if (ctx || yielded || !(await reroute(member, error))) throw error;
        member.status.failovers += 1;
        yield* driver.getConnection('read').stream(query, params, undefined, loggerContext, chunkSize);
      }
    };
  }

  /** True when the read should run on another server: the replica cannot be reached (it leaves rotation), or it asks for it. */
  async #shouldRunElsewhere(member: Member, error: unknown): Promise<boolean> {
    if (this.#support.retryElsewhere?.(error)) return true;
    const check = await withTimeout(member.connection.checkConnection(), this.#timeoutMs).catch((e: unknown) => ({
      ok: false,
      error: e as Error,
    }));
    if (check.ok) return false; // the server answers: the error is the query's own
    this.#takeOut(member, error);
    return true;
  }

  async #probe(member: Member): Promise<void> {
    const status = member.status;
    const started = performance.now();
    try {
      const check = await withTimeout(member.connection.checkConnection(), this.#timeoutMs);
      if (!check.ok) throw check.error ?? new Error(check.reason);
    } catch (error) {
      status.checkedAt = new Date().toISOString();
      status.responseTimeMs = null;
      this.#takeOut(member, error);
      return;
    }
    status.responseTimeMs = Math.round((performance.now() - started) * 100) / 100;
    status.checkedAt = new Date().toISOString();
    const left = Math.max(1, this.#timeoutMs - (performance.now() - started));
    const query = async (sql: string) => (await member.execute(sql, [], 'all', undefined, INTERNAL_QUERY)) as Record<string, unknown>[];
    const lag: ReplicaLag = await withTimeout(this.#support.lag(query), left).catch((error: unknown) => ({
      lagSeconds: null,
      output: `lag query failed: ${describeError(error)}`,
    }));
    status.lagSeconds = lag.lagSeconds;
    status.lagOutput = lag.output;
    if (!status.inRotation) {
      const outFor = status.outSince ? Date.now() - Date.parse(status.outSince) : 0;
      status.inRotation = true;
      status.outSince = null;
      status.lastError = undefined;
      this.#logger.info?.(
        { event: 'replica_back', replica: status.name, outForMs: outFor },
        `read replica ${status.name} answers again: back in rotation`,
      );
    }
  }

  #takeOut(member: Member, error: unknown): void {
    const status = member.status;
    status.lastError = describeError(error);
    if (!status.inRotation) return;
    status.inRotation = false;
    status.outSince = new Date().toISOString();
    const rest = this.#members.filter(m => m.status.inRotation).length;
    this.#logger.warn(
      { event: 'replica_out', replica: status.name, error: status.lastError, replicasInRotation: rest },
      `read replica ${status.name} failed (${status.lastError}): out of rotation, reads go to ${
        rest ? `the other ${rest} replica(s)` : 'the primary'
      }`,
    );
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms)} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

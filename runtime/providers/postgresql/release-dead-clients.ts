/**
 * Kysely gives a transaction's connection back only after a successful COMMIT or ROLLBACK.
 * When the server kills that connection mid-transaction both fail, and pg-pool keeps the
 * dead client counted as lent out for good: every such kill shrinks the pool by one until
 * the app hangs. This makes a client that dies while lent out go back at once (pg-pool then
 * discards it) and makes any later release of it a no-op.
 *
 * It hooks pg-pool's `_releaseOnce`, the one place that builds each checkout's release function.
 */
interface PgClient {
  once(event: 'end', listener: () => void): void;
  removeListener(event: 'end', listener: () => void): void;
}

type Release = (error?: Error | boolean) => void;

interface PgPoolInternals {
  _releaseOnce(client: PgClient, idleListener: unknown): Release;
}

export function releaseDeadClients(pool: unknown): void {
  const internals = pool as PgPoolInternals;
  const releaseOnce = internals._releaseOnce.bind(internals);
  internals._releaseOnce = (client, idleListener) => {
    const release = releaseOnce(client, idleListener);
    let released = false;
    const onEnd = () => releaseSafely(new Error('connection closed while in use'));
    const releaseSafely: Release = error => {
      if (released) return;
      released = true;
      client.removeListener('end', onEnd);
      release(error);
    };
    client.once('end', onEnd);
    return releaseSafely;
  };
}

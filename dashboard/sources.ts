import type { DashboardSource } from '../runtime/index.ts';
import type { AppStream } from './attach.ts';
import { DashboardSampler, type DashboardState } from './state.ts';

/** Where a dashboard's updates come from. */
export interface StateSource {
  sample(): Promise<DashboardState>;
  /** A source that pushes (an attached app) calls back on each new update; others are sampled on a timer. */
  subscribe?(listener: () => void): () => void;
  /** Whether the handler should keep the manager's alert evaluator running (the alerts shown are its own). */
  readonly ownAlerts: boolean;
  close(): Promise<void>;
}

/** This process's figures: the app's own when mounted in it, or those of `farm db dashboard` alone. */
export function processSource(db: DashboardSource, mode: 'process' | 'standalone'): StateSource {
  const sampler = new DashboardSampler(db, { mode });
  return { sample: () => sampler.sample(), ownAlerts: true, close: () => sampler.close() };
}

/**
 * `farm db dashboard --app`: the app's figures from its stream (queries, latency, pool, slow
 * queries, errors, alerts), and the server-side ones this process reads itself (health, server
 * connections, migrations), which go on while the app's stream is down.
 */
export function attachedSource(db: DashboardSource, app: AppStream): StateSource {
  const sampler = new DashboardSampler(db, { mode: 'standalone' });
  return {
    ownAlerts: false,
    async sample() {
      const own = await sampler.sample();
      return {
        ...app.latest,
        source: { mode: 'attached', app: app.shown, connected: app.connected, ...(app.error ? { error: app.error } : {}) },
        health: own.health,
        connections: own.connections,
        migrations: own.migrations,
      };
    },
    subscribe(listener) {
      app.on('update', listener);
      app.on('status', listener);
      return () => {
        app.off('update', listener);
        app.off('status', listener);
      };
    },
    async close() {
      app.close();
      await sampler.close();
    },
  };
}

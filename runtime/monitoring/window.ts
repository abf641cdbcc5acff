import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { QueryKind } from './classify.ts';

/** Queries seen since the window was last read: for readers with their own pace (dashboard, alerts). */
export class QueryWindow {
  started = Date.now();
  queries = 0;
  errors = 0;
  readonly byKind = new Map<QueryKind, number>();
  latency: RecordableHistogram = createHistogram();

  record(kind: QueryKind, failed: boolean, micros: number | undefined): void {
    this.queries++;
    if (failed) this.errors++;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    if (micros !== undefined) this.latency.record(micros);
  }

  /** What the window holds, then it starts again. */
  take(): { durationMs: number; queries: number; errors: number; byKind: Map<QueryKind, number>; latency: RecordableHistogram } {
    const now = Date.now();
    const taken = { durationMs: Math.max(1, now - this.started), queries: this.queries, errors: this.errors, byKind: new Map(this.byKind), latency: this.latency };
    this.started = now;
    this.queries = 0;
    this.errors = 0;
    this.byKind.clear();
    this.latency = createHistogram();
    return taken;
  }
}

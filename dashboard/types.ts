import type { DashboardOptions as MountOptions } from '../runtime/index.ts';
import type { AppStream } from './attach.ts';

export type { DashboardHandler } from '../runtime/index.ts';

/** db.dashboard()'s options (token, intervalMs: runtime/dashboard-source.ts) and what only `farm db dashboard` sets. */
export interface DashboardOptions extends MountOptions {
  /** `farm db dashboard` alone: the page says it shows server-side figures and this process only. */
  standalone?: boolean;
  /** `farm db dashboard --app`: shows that app's figures from its stream (and the server-side ones read here). */
  app?: AppStream;
}

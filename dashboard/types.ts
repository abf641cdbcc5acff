import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppStream } from './attach.ts';

export interface DashboardOptions {
  /** Required on every request when set (`Authorization: Bearer …` or `?token=`); from monitoring.dashboardToken / FARM_DASHBOARD_TOKEN by default. */
  token?: string;
  /** How often connected pages get new figures (default 1000 ms). */
  intervalMs?: number;
  /** `farm db dashboard` alone: the page says it shows server-side figures and this process only. */
  standalone?: boolean;
  /** `farm db dashboard --app`: shows that app's figures from its stream (and the server-side ones read here). */
  app?: AppStream;
}

/** A node:http / Express style handler; `next` (Express) is called for paths it does not serve. */
export type DashboardHandler = ((req: IncomingMessage, res: ServerResponse, next?: () => void) => void) & {
  /** Ends the live streams and stops sampling (the DatabaseManager stays open); resolves when reads in flight are done. */
  close(): Promise<void>;
};

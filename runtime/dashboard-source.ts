import type { IncomingMessage, ServerResponse } from 'node:http';

export interface DashboardOptions {
  /** Required on every request when set (`Authorization: Bearer …` or `?token=`); from monitoring.dashboardToken / FARM_DASHBOARD_TOKEN by default. */
  token?: string;
  /** How often connected pages get new figures (default 1000 ms). */
  intervalMs?: number;
}

/** A node:http / Express style handler; `next` (Express) is called for paths it does not serve. */
export type DashboardHandler = ((req: IncomingMessage, res: ServerResponse, next?: () => void) => void) & {
  /** Ends the live streams and stops sampling (the DatabaseManager stays open); resolves when reads in flight are done. */
  close(): Promise<void>;
};

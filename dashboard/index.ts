// `farm-db/dashboard`: the live dashboard, a layer above the runtime. It reads a DatabaseManager through the
// runtime's DashboardSource; db.dashboard() loads it on demand, so apps without a dashboard never load it.
export { createDashboardHandler } from './handler.ts';
export { serveDashboard, type ServeOptions } from './server.ts';
export type { DashboardState } from './state.ts';
export type { DashboardHandler, DashboardOptions, DashboardSource } from '../runtime/index.ts';

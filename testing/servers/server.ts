import type { DatabaseConfig } from '../../config/types.ts';

/** Puts the schema into the database `config` points at (migrations or the models), then lets go of it. */
export type BuildSchema = (config: DatabaseConfig) => Promise<void>;

/** How one kind of database server makes, drops and finds test databases. */
export interface TestServer {
  /** Makes database `name` with the schema in it; returns the app config pointing at it. */
  create(name: string, fingerprint: string, build: BuildSchema): Promise<DatabaseConfig>;
  /** Drops the databases (no error when one is already gone). */
  drop(names: string[]): Promise<void>;
  /** Drops the databases of earlier runs whose process is gone; returns their names. */
  dropStale(): Promise<string[]>;
}

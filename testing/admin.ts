import type { DatabaseConfig } from '../config/types.ts';
import { DatabaseManager } from '../runtime/index.ts';
import type { FarmLogger } from '../runtime/index.ts';
import { internalQuery } from '../runtime/internal.ts';

export const quietLogger: FarmLogger = { warn: () => undefined };

/**
 * One connection to the server's maintenance database (PostgreSQL `postgres`, MySQL
 * `information_schema`), through the app's own driver: CREATE/DROP DATABASE cannot run
 * inside a transaction, and a session advisory lock needs the same connection each time.
 */
export class AdminConnection {
  readonly #db: DatabaseManager;

  private constructor(db: DatabaseManager) {
    this.#db = db;
  }

  static async open(config: DatabaseConfig): Promise<AdminConnection> {
    const db = new DatabaseManager(
      {
        ...config,
        schema: 'none',
        retry: { attempts: 1 },
        monitoring: { enabled: false },
        // One connection that stays open: the advisory lock lives as long as it does.
        pool: { min: 1, max: 1, idleTimeoutMs: 10 * 60_000 },
      },
      { logger: quietLogger },
    );
    await db.initialize();
    return new AdminConnection(db);
  }

  // biome-ignore lint: admin rows are loosely typed.
  query(sql: string): Promise<any[]> {
    return internalQuery(this.#db.orm, sql);
  }

  close(): Promise<void> {
    return this.#db.shutdown();
  }
}

/** The app's URL with another database in its path. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The config pointed at database `dbName` (in the URL too, where there is one). */
export function pointAt(config: DatabaseConfig, dbName: string): DatabaseConfig {
  const url = typeof config.url === 'string' ? withDatabase(config.url, dbName) : config.url;
  return { ...config, url, dbName };
}

import type { DatabaseConfig } from '../../config/types.ts';
import { DatabaseManager } from '../../runtime/index.ts';
import { pointAt, quietLogger } from '../admin.ts';
import { isStale } from '../names.ts';
import type { TestServer } from './server.ts';

interface MongoAdmin {
  listDatabases(): Promise<{ databases: { name: string }[] }>;
}
interface MongoClientLike {
  db(name?: string): { admin(): MongoAdmin; dropDatabase(): Promise<unknown> };
}

/** MongoDB: a database per worker, made by its first write (the schema build creates the indexes). */
export function mongodbServer(config: DatabaseConfig): TestServer {
  const withClient = async <T>(fn: (client: MongoClientLike) => Promise<T>): Promise<T> => {
    const settings = { ...pointAt(config, 'admin'), schema: 'none', retry: { attempts: 1 }, monitoring: { enabled: false } } as const;
    const db = new DatabaseManager(settings, { logger: quietLogger });
    await db.initialize();
    try {
      const connection = db.orm.em.getConnection() as unknown as { getClient(): MongoClientLike };
      return await fn(connection.getClient());
    } finally {
      await db.shutdown();
    }
  };
  const dropAll = (names: string[]) => withClient(async client => {
    for (const name of names) await client.db(name).dropDatabase();
  });
  return {
    async create(name, _fingerprint, build) {
      const target = pointAt(config, name);
      await build(target);
      return target;
    },
    async drop(names) {
      if (names.length > 0) await dropAll(names);
    },
    async dropStale() {
      const { databases } = await withClient(client => client.db().admin().listDatabases());
      const stale = databases.map(entry => entry.name).filter(isStale);
      await this.drop(stale);
      return stale;
    },
  };
}

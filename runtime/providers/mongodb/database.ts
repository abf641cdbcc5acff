import type { MikroORM } from '@mikro-orm/core';
import type { Db, MongoClient } from 'mongodb';

/** The MongoDB database an ORM is configured for, through its own client (for work MikroORM has no API for). */
export async function mongoDatabase(orm: MikroORM): Promise<Db> {
  const client = (await orm.driver.getConnection().getNativeClient()) as MongoClient;
  return client.db(orm.config.get('dbName'));
}

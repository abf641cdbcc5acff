import type { Options } from '@mikro-orm/core';
import type { ResolvedDatabaseConfig } from '../../../config/types.ts';

/** The connection settings MikroORM understands, copied over only when set. */
export function connectionOptions(config: ResolvedDatabaseConfig): Partial<Options> {
  const options: Partial<Options> = {};
  if (config.url) options.clientUrl = config.url;
  if (config.dbName) options.dbName = config.dbName;
  if (config.host) options.host = config.host;
  if (config.port) options.port = config.port;
  if (config.user) options.user = config.user;
  if (config.password) options.password = config.password;
  return options;
}

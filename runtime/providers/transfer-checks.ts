import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';
import type { DatabaseManager } from '../manager.ts';
import { getProvider } from './index.ts';
import type { ServerDigest } from './provider.ts';

/**
 * A token that changes when another connection commits to the models' tables, where the database
 * offers one cheaply (SQLite's data version, MySQL/MariaDB's server-side table checksums). A switch
 * takes one before it reads the source and one after the target is verified: equal tokens mean
 * nothing else was written in between, so it need not read the whole source a second time.
 * Undefined where the database has none: the caller reads the source again.
 */
export async function changeMarker(db: DatabaseManager, models: EntityMetadata[]): Promise<string | undefined> {
  return getProvider(db.config.type).changeMarker?.(db.orm, models);
}

/** The target's own digest of a model's rows, where its database offers one for these properties (see ServerDigest). */
export function serverDigestOf(db: DatabaseManager, meta: EntityMetadata, props: EntityProperty[]): (() => Promise<ServerDigest>) | undefined {
  return getProvider(db.config.type).serverDigest?.(db.orm, meta, props);
}

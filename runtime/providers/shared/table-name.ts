import type { EntityMetadata, MikroORM } from '@mikro-orm/core';

/** A model's table as SQL names it: quoted, with its schema when it has one of its own (`*` is any schema). */
export function qualifiedTableName(orm: MikroORM, meta: EntityMetadata): string {
  const q = (name: string) => orm.em.getPlatform().quoteIdentifier(name);
  return meta.schema && meta.schema !== '*' ? `${q(meta.schema)}.${q(meta.tableName)}` : q(meta.tableName);
}

import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import { FarmRuntimeError } from '../../errors.ts';
import { internalQuery } from '../shared/sql-session.ts';
import { qualifiedTableName } from '../shared/table-name.ts';

/** MikroORM's statement adding a foreign key, one to a line. */
const FOREIGN_KEY_ADDED = /^(alter table .+ add constraint .+ foreign key .+ references .+?);$/gm;

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/**
 * Foreign keys checked once at the end of a load instead of row by row: PostgreSQL checks a
 * foreign key on every inserted row with a lookup in the referenced table, which for a child table
 * costs several times the COPY itself; adding the constraint afterwards checks every row in one
 * join. Before the load, the foreign keys defined on the loaded tables are dropped (their definitions
 * kept); after it, each is added back NOT VALID (so it exists, and holds for new rows, whatever the
 * rows) and then validated, which fails, naming the constraint, if a loaded row points at nothing.
 * A process killed in between leaves them out until the next run, whose schema update adds them again, NOT VALID: the
 * tables may hold rows of models loaded at once (concurrentModels), whose references are only all there at the end.
 */
export function deferredForeignKeys(orm: MikroORM) {
  const q = (name: string) => orm.em.getPlatform().quoteIdentifier(name);
  let dropped: ForeignKey[] = [];
  return {
    async updateSchema(): Promise<void> {
      const sql = await orm.schema.getUpdateSchemaSQL({ safe: true });
      await orm.schema.execute(sql.replace(FOREIGN_KEY_ADDED, '$1 not valid;'));
    },
    async beforeLoad(models: EntityMetadata[]): Promise<void> {
      const tables = models.map(meta => qualifiedTableName(orm, meta));
      if (tables.length === 0) return;
      const list = tables.map(table => `'${table.replaceAll("'", "''")}'::regclass`).join(', ');
      const keys = await internalQuery<ForeignKey>(
        orm,
        `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition ` +
          `from pg_constraint where contype = 'f' and conrelid in (${list}) order by conrelid, conname`,
      );
      for (const key of keys) {
        await internalQuery(orm, `alter table ${key.table} drop constraint ${q(key.name)}`);
        dropped.push(key);
      }
    },
    async afterLoad(): Promise<void> {
      const keys = dropped;
      dropped = [];
      for (const key of keys) await internalQuery(orm, `alter table ${key.table} add constraint ${q(key.name)} ${key.definition} not valid`);
      for (const key of keys) {
        try {
          await internalQuery(orm, `alter table ${key.table} validate constraint ${q(key.name)}`);
        } catch (error) {
          throw danglingRows(key, error);
        }
      }
    },
  };
}

/** A loaded row points at nothing: which constraint, the row PostgreSQL names, and what to do. */
function danglingRows(key: ForeignKey, error: unknown): Error {
  const detail = (error as { detail?: unknown }).detail;
  if ((error as { code?: unknown }).code !== '23503' && !/violates foreign key constraint/.test(String((error as Error).message))) return error as Error;
  const which = typeof detail === 'string' ? ` (${detail.replace(/\.$/, '')})` : '';
  return new FarmRuntimeError(
    `${key.table} holds rows that point at nothing: foreign key ${key.name}, ${key.definition}${which}. The source did not enforce it`,
    {
      hint: 'fix or delete those rows in the source, then run the command again with --replace (the target keeps the rows loaded so far until then; the project was not changed)',
      cause: error,
    },
  );
}

import type { MikroORM } from '@mikro-orm/core';
import type { ProviderDescriptor, ProviderSession } from '../runtime/internal.ts';
import type { FailedQueries } from '../runtime/internal.ts';
import type { MigrationsBackend } from '../runtime/internal.ts';

/** Picks the backend the provider declares (SQL files or MongoDB JSON) and wires it to the provider's lock. */
export async function openMigrations(
  orm: MikroORM,
  parts: { descriptor: ProviderDescriptor; session: ProviderSession; dir: string; failedQueries: FailedQueries },
): Promise<MigrationsBackend> {
  const { descriptor, session } = parts;
  const context = {
    dir: parts.dir,
    lock: (ctx: unknown) => session.lockMigrations(ctx),
    failedQueries: parts.failedQueries,
    transactionalDdl: descriptor.transactionalDdl,
    afterFailure: descriptor.transactionalDdl
      ? 'rolled back: nothing of this run was applied'
      : `${descriptor.label} commits each schema change as it runs (DDL is not transactional), so statements before the failing one stay applied; the migration is recorded as not applied`,
  };
  if (descriptor.migrations === 'json') {
    const { MongoMigrations } = await import('./mongodb/mongo-migrations.ts');
    return new MongoMigrations(orm, context);
  }
  const { SqlMigrations } = await import('./sql/sql-migrations.ts');
  return new SqlMigrations(orm, context);
}

import type { MikroORM } from '@mikro-orm/core';
import { DatabaseTable, type AbstractSqlDriver } from '@mikro-orm/sql';

export interface FarmColumn {
  name: string;
  kind: 'string' | 'integer' | 'datetime';
  primary?: boolean;
  length?: number;
}

/** Whether farm-db's table `name` exists (reading changes nothing: it is not made here). */
export function farmTableExists(orm: MikroORM, name: string, ctx?: unknown): Promise<boolean> {
  const driver = orm.driver as unknown as AbstractSqlDriver;
  return driver.getPlatform().getSchemaHelper()!.tableExists(driver.getConnection(), name, undefined, ctx as never);
}

/** Makes one of farm-db's own small tables with the platform's schema helper, so the same code works on every SQL database. */
export async function ensureFarmTable(orm: MikroORM, name: string, columns: FarmColumn[], ctx?: unknown): Promise<void> {
  if (await farmTableExists(orm, name, ctx)) return;
  const driver = orm.driver as unknown as AbstractSqlDriver;
  const platform = driver.getPlatform();
  const table = new DatabaseTable(platform, name);
  for (const column of columns) {
    const type =
      column.kind === 'string'
        ? platform.getVarcharTypeDeclarationSQL({ length: column.length ?? 255 })
        : column.kind === 'integer'
          ? platform.getIntegerTypeDeclarationSQL({})
          : platform.getDateTimeTypeDeclarationSQL({ length: 3 });
    const mapped = column.kind === 'string' ? 'string' : column.kind === 'integer' ? 'number' : 'datetime';
    table.addColumn({
      name: column.name,
      type,
      mappedType: platform.getMappedType(mapped),
      primary: column.primary ?? false,
      ...(column.kind === 'datetime' ? { length: 3 } : {}),
    });
  }
  await driver.getConnection().execute(platform.getSchemaHelper()!.createTable(table).join(';\n'), [], 'run', ctx as never);
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseManager, type Model } from '../../../runtime/manager.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import type { TestTarget } from '../../support/databases.ts';

/**
 * A real migration: the schema of `before` in a fresh database, then the SQL MikroORM's diff
 * against that database writes to reach `after`, saved as a migration file in `dir` the way
 * `farm db migrate --create` writes one (up and down).
 */
export async function realMigration(target: TestTarget, dir: string, name: string, before: Model[], after: Model[], extra = ''): Promise<string[]> {
  const database = await target.create({ retry: { attempts: 1 } });
  try {
    const first = new DatabaseManager({ ...database.config, schema: 'update' }, { logger: captureLogger() });
    first.registerModels(before);
    await first.initialize();
    await first.shutdown();
    const second = new DatabaseManager({ ...database.config, schema: 'none' }, { logger: captureLogger() });
    second.registerModels(after);
    await second.initialize();
    try {
      const diff = await second.orm.schema.getUpdateSchemaMigrationSQL({ wrap: false });
      const split = (sql: string) => sql.split(/;\s*\n/).map(s => s.trim().replace(/;$/, '')).filter(Boolean);
      const up = split(diff.up);
      const down = split(diff.down);
      const lines = (statements: string[]) => statements.map(sql => `    this.addSql(${JSON.stringify(sql)});`).join('\n');
      const file = `import { Migration } from 'farm-db/migrations';\n${extra}\nexport class ${name} extends Migration {\n  override async up(): Promise<void> {\n${lines(up)}\n  }\n\n  override async down(): Promise<void> {\n${lines(down)}\n  }\n}\n`;
      writeFileSync(join(dir, `${name}.ts`), file);
      return up;
    } finally {
      await second.shutdown();
    }
  } finally {
    await database.drop();
  }
}

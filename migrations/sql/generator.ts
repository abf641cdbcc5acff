import { TSMigrationGenerator } from '@mikro-orm/migrations';

/**
 * MikroORM's TypeScript migration file, importing `Migration` from farm-db (the app depends on
 * farm-db, not on @mikro-orm/migrations). A blank migration gets both methods to fill in. The
 * file is valid under Node's type stripping, so it runs without a build, and compiles with tsc.
 */
export class FarmMigrationGenerator extends TSMigrationGenerator {
  override generateMigrationFile(className: string, diff: { up: string[]; down: string[] }): string {
    // MikroORM separates groups of statements with empty strings, and fills a blank migration with `select 1`.
    const real = (statements: string[]) => statements.some(sql => sql.trim() !== '' && sql !== 'select 1');
    const blank = !real(diff.up) && !real(diff.down);
    const body = (statements: string[], hint: string) =>
      real(statements) ? statements.map(sql => this.createStatement(sql, 4)).join('').replace(/^\n+|\n+(?=\n$)/g, '') : `    // ${hint}\n`;
    let code = `import { Migration } from 'farm-db/migrations';\n\n`;
    code += `export class ${className} extends Migration {\n`;
    code += `  override name = '${className}';\n\n`;
    code += `  override async up(): Promise<void> {\n${body(diff.up, "this.addSql('...');")}  }\n`;
    if (blank || real(diff.down)) {
      code += `\n  override async down(): Promise<void> {\n${body(diff.down, 'undo what up() does')}  }\n`;
    }
    return `${code}}\n`;
  }
}

import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrateProject } from '../generators/db-migrate.ts';
import { EXIT } from '../generators/errors.ts';
import { colors } from '../generators/output.ts';
import { formatLintReport, LINT_RULES, lintDialectOf, lintMigrations, sqlLintDialectOf, lintStatements, type LintReport } from '../migrations/lint/index.ts';
import { UsageError } from './flags.ts';
import { isInteractive, prompt } from './prompt.ts';
import { didYouMean } from './suggest.ts';

const ALLOW_HINT = 'allow it with --allow <rule> or a `// farm-db-allow: <rule>` comment in the migration, once you have made it safe';

function dialectOf(project: MigrateProject) {
  const dialect = lintDialectOf(project.db.config.type);
  if (!dialect) throw new UsageError(`migration lint has no rules for ${project.db.config.type} yet (it covers SQLite, PostgreSQL, MySQL/MariaDB, MongoDB)`);
  return dialect;
}

function printReport(report: LintReport): void {
  const c = colors();
  for (const line of formatLintReport(report)) console.log(line.startsWith('error') ? c.red(line) : c.yellow(line));
}

/** `farm db migrate --lint [name]`: every migration (or one); exit 1 on a destructive change nobody allowed. */
export function lintExisting(project: MigrateProject, name: string | undefined, allow: string[]): number {
  const report = lintMigrations({ dir: join(project.root, project.migrationsDir), dialect: dialectOf(project), names: name ? [name] : undefined, allow });
  printReport(report);
  if (report.blocking.length > 0) {
    console.log(colors().red(`${report.blocking.length} destructive change(s): ${ALLOW_HINT}`));
    return EXIT.failure;
  }
  return console.log(colors().green(report.findings.length ? 'No destructive change left unallowed.' : 'No finding.')), EXIT.ok;
}

/** The migrations folder's files before `--create`, to undo it exactly (the migration and MikroORM's snapshot). */
export function rememberMigrationsFolder(project: MigrateProject): () => void {
  const dir = join(project.root, project.migrationsDir);
  const before = new Map(existsSync(dir) ? readdirSync(dir).map(file => [file, readFileSync(join(dir, file))] as const) : []);
  return () => {
    for (const file of existsSync(dir) ? readdirSync(dir) : []) if (!before.has(file)) rmSync(join(dir, file), { force: true });
    for (const [file, content] of before) writeFileSync(join(dir, file), content);
  };
}

/**
 * `--create`: lints the migration just written. A destructive change nobody allowed is kept only
 * when the user says so on a terminal; otherwise the migration is undone and the run exits 1.
 */
export async function guardCreated(project: MigrateProject, file: string, allow: string[], undo: () => void, yes?: boolean): Promise<number> {
  const report = lintMigrations({ dir: join(project.root, project.migrationsDir), dialect: dialectOf(project), names: [file], allow });
  printReport(report);
  if (report.blocking.length === 0) return EXIT.ok;
  if (isInteractive(yes)) {
    const { keep } = await prompt<{ keep: boolean }>([{ type: 'confirm', name: 'keep', message: `${file} destroys data: keep it?`, default: false }]);
    if (keep) return EXIT.ok;
  }
  undo();
  console.log(colors().red(`${file} was not kept: it makes ${report.blocking.length} destructive change(s); ${ALLOW_HINT}`));
  return EXIT.failure;
}

/** `--check`: what a migration made from the difference would do, linted the same way. */
export function lintDrift(project: MigrateProject, statements: string[], allow: string[]): void {
  const dialect = sqlLintDialectOf(project.db.config.type);
  if (!dialect) return;
  printReport(lintStatements(statements, dialect, '(the difference)', allow));
}

/** `--allow` names rules: a mistyped one is a usage error with the closest rule, not a stack. */
export function checkAllowedRules(rules: string[]): void {
  for (const rule of rules) {
    if (!(rule in LINT_RULES)) throw new UsageError(`unknown lint rule "${rule}"${didYouMean(rule, Object.keys(LINT_RULES))} (rules: ${Object.keys(LINT_RULES).join(', ')})`);
  }
}

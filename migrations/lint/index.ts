import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { lintMongoMigration } from './mongo-rules.ts';
import { readSqlMigration } from './read-migration.ts';
import { LINT_RULES, type LintRuleId } from './rules.ts';
import { lintSql, type SqlDialect } from './sql-rules.ts';

export { LINT_RULES, type LintRule, type LintRuleId } from './rules.ts';
export { lintSql, type SqlDialect } from './sql-rules.ts';

export interface LintFinding {
  rule: LintRuleId;
  migration: string;
  statement: string;
  /** What it touches: table.column, the old and new type … */
  detail: string;
  destructive: boolean;
  /** Allowed by a `farm-db-allow` comment or the `allow` option: reported, not blocking. */
  allowed: boolean;
  safer: string;
}

export interface LintOptions {
  /** The migrations folder. */
  dir: string;
  dialect: SqlDialect | 'mongodb';
  /** Only these migrations (file names, with or without the extension); default all. */
  names?: string[];
  /** Rules allowed everywhere (`--allow <rule>`). */
  allow?: string[];
}

export interface LintReport {
  findings: LintFinding[];
  /** Destructive findings not allowed: `--create` asks about these, non-interactive runs and `--lint` exit 1. */
  blocking: LintFinding[];
}

/**
 * Lints migration files for changes that lose data or lock tables: the SQL each MikroORM
 * migration's up() runs, or a MongoDB JSON migration's operations. For `farm db migrate --lint`,
 * and for `--create` / `--check` on the migration just written.
 */
export function lintMigrations(options: LintOptions): LintReport {
  const unknown = (options.allow ?? []).filter(rule => !(rule in LINT_RULES));
  if (unknown.length) {
    throw new Error(`unknown lint rule ${unknown.join(', ')}: the rules are ${Object.keys(LINT_RULES).join(', ')}`);
  }
  const findings: LintFinding[] = [];
  for (const file of migrationFiles(options)) {
    const path = join(options.dir, file);
    const { hits, allowed } =
      options.dialect === 'mongodb'
        ? lintMongoMigration(path)
        : (() => {
            const migration = readSqlMigration(path);
            return { hits: lintSql(migration.up, migration.down, options.dialect), allowed: migration.allowed };
          })();
    for (const hit of hits) {
      const rule = LINT_RULES[hit.rule];
      const isAllowed = allowed.includes(hit.rule) || (options.allow ?? []).includes(hit.rule);
      findings.push({ ...hit, migration: file, destructive: rule.destructive, allowed: isAllowed, safer: rule.safer });
    }
  }
  return { findings, blocking: findings.filter(finding => finding.destructive && !finding.allowed) };
}

function migrationFiles(options: LintOptions): string[] {
  if (!existsSync(options.dir)) return [];
  const pattern = options.dialect === 'mongodb' ? /\.json$/ : /\.(ts|js|mjs)$/;
  const files = readdirSync(options.dir)
    .filter(file => pattern.test(file) && !file.endsWith('.d.ts') && !file.startsWith('.'))
    .sort();
  if (!options.names) return files;
  const stem = (name: string) => basename(name, extname(name));
  return options.names.map(name => {
    const found = files.find(file => file === name || stem(file) === stem(name));
    if (!found) throw new Error(`no migration named ${name} in ${options.dir}`);
    return found;
  });
}

/** One line per finding, for the CLI: `✖ drop-column  Migration2026…  users.email  — safer: …`. */
export function formatLintReport(report: LintReport): string[] {
  return report.findings.map(finding => {
    const mark = finding.allowed ? 'allowed' : finding.destructive ? 'error' : 'warning';
    return `${mark} ${finding.rule} ${finding.migration}: ${LINT_RULES[finding.rule].title} (${finding.detail})\n  safer: ${finding.safer}`;
  });
}

/**
 * Which rule set lints a database's migrations; undefined where none is written yet (SQL Server).
 * The one place the lint names database types: its rules are per dialect.
 */
export function lintDialectOf(type: string): SqlDialect | 'mongodb' | undefined {
  if (type === 'postgresql' || type === 'mysql' || type === 'sqlite' || type === 'mongodb') return type;
  return undefined;
}

/** The SQL rule set for a database: undefined for MongoDB (its migrations are JSON) and where none is written yet. */
export function sqlLintDialectOf(type: string): SqlDialect | undefined {
  const dialect = lintDialectOf(type);
  return dialect === 'mongodb' ? undefined : dialect;
}

/** Lints statements that are not (yet) a migration file, such as the difference `--check` found. */
export function lintStatements(up: string[], dialect: SqlDialect, label: string, allow: string[] = []): LintReport {
  const findings = lintSql(up, [], dialect).map(hit => {
    const rule = LINT_RULES[hit.rule];
    return { ...hit, migration: label, destructive: rule.destructive, allowed: allow.includes(hit.rule), safer: rule.safer };
  });
  return { findings, blocking: findings.filter(finding => finding.destructive && !finding.allowed) };
}

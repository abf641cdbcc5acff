/** The lint rules: id, whether it loses data (those block --create unless allowed), and the safe way instead. */
export interface LintRule {
  id: string;
  title: string;
  /** Loses data or fails on existing rows: `--create` asks (or exits 1 non-interactively) unless allowed. */
  destructive: boolean;
  /** The expand/contract alternative. */
  safer: string;
}

export const LINT_RULES = {
  'drop-table': {
    id: 'drop-table', title: 'drops a table', destructive: true,
    safer: 'stop reading and writing it in one release, drop it in a later one (after a backup)',
  },
  'drop-column': {
    id: 'drop-column', title: 'drops a column', destructive: true,
    safer: 'deploy code that no longer uses the column first, then drop it in a later migration',
  },
  'narrow-type': {
    id: 'narrow-type', title: 'narrows a column type or length', destructive: true,
    safer: 'add a new column of the narrower type, backfill and check the values fit, switch reads, then drop the old one',
  },
  'not-null-without-default': {
    id: 'not-null-without-default', title: 'makes a column NOT NULL without a default', destructive: true,
    safer: 'add it nullable (or with a DEFAULT), backfill existing rows, then add NOT NULL',
  },
  'rename-as-drop-add': {
    id: 'rename-as-drop-add', title: 'drops a column and adds another of the same type: a rename seen as drop + add', destructive: true,
    safer: 'if it is a rename, write `alter table … rename column old to new` instead (or add, copy, switch, then drop)',
  },
  'unique-on-existing-data': {
    id: 'unique-on-existing-data', title: 'adds a unique index to a table that may hold duplicates', destructive: true,
    safer: 'find and fix duplicates first (select col, count(*) … group by col having count(*) > 1), then add the index',
  },
  'pg-index-not-concurrent': {
    id: 'pg-index-not-concurrent', destructive: false,
    title: 'builds a PostgreSQL index without CONCURRENTLY (blocks writes while it builds)',
    safer: 'create index concurrently … in a migration of its own, outside a transaction',
  },
  'pg-table-rewrite': {
    id: 'pg-table-rewrite', destructive: false,
    title: 'changes a column type on PostgreSQL (ALTER TYPE rewrites the table under an exclusive lock)',
    safer: 'add a column of the new type, backfill in batches, switch reads, then drop the old column',
  },
  'mysql-locking-alter': {
    id: 'mysql-locking-alter', title: 'MySQL/MariaDB ALTER that copies the table and blocks writes', destructive: false,
    safer: 'add ALGORITHM=INPLACE, LOCK=NONE (or INSTANT) so it fails instead of locking, or use an online schema change tool',
  },
  'mongo-drop-collection': {
    id: 'mongo-drop-collection', title: 'drops a MongoDB collection', destructive: true,
    safer: 'stop using it in one release, drop it in a later one (after a backup)',
  },
  'mongo-unset-field': {
    id: 'mongo-unset-field', title: 'removes a field from every MongoDB document', destructive: true,
    safer: 'stop reading the field first; unset it in a later migration',
  },
  'mongo-rename-field': {
    id: 'mongo-rename-field', title: 'renames a MongoDB field (code still reading the old name sees nothing)', destructive: true,
    safer: 'write both names for a release, copy the values, switch reads, then unset the old one',
  },
} as const satisfies Record<string, LintRule>;

export type LintRuleId = keyof typeof LINT_RULES;

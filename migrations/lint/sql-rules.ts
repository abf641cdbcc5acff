import type { LintRuleId } from './rules.ts';

export type SqlDialect = 'postgresql' | 'mysql' | 'sqlite';

export interface SqlHit {
  rule: LintRuleId;
  statement: string;
  detail: string;
}

const ident = String.raw`[\`"\[]?([\w.]+)[\`"\]]?`;
const ALTER_TABLE = new RegExp(String.raw`^\s*alter\s+table\s+(?:only\s+)?${ident}\s+([\s\S]*)$`, 'i');
const DROP_TABLE = new RegExp(String.raw`^\s*drop\s+table\s+(?:if\s+exists\s+)?${ident}`, 'i');
const CREATE_INDEX = /^\s*create\s+(unique\s+)?index\s+(concurrently\s+)?/i;
const NOT_A_COLUMN_ADD = /^add\s+(constraint|index|unique|primary|foreign|key)\b/i;
const NOT_A_COLUMN_DROP = /^drop\s+(constraint|index|foreign|primary|key|default|check)\b/i;
const TYPE_NAME = /^([a-z][a-z0-9 ]*?(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\))?)(?=\s|$|;)/i;
const WIDTH: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, integer: 4, int4: 4, bigint: 8, int8: 8 };

/** Splits an ALTER TABLE's comma-separated actions, leaving commas inside parentheses alone. */
function actions(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of body) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

interface ColumnChange {
  table: string;
  column: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  kind: 'add' | 'drop' | 'alter-type' | 'set-not-null' | 'modify';
}

/** What each ALTER TABLE statement does to columns, in every dialect's spelling. */
function columnChanges(statement: string): ColumnChange[] {
  const match = ALTER_TABLE.exec(statement);
  if (!match) return [];
  const table = match[1]!;
  const changes: ColumnChange[] = [];
  for (const action of actions(match[2]!)) {
    const col = (re: string) => new RegExp(re, 'i').exec(action);
    let m;
    const base = { table, notNull: /\bnot\s+null\b/i.test(action), hasDefault: /\bdefault\b/i.test(action) };
    if ((m = col(String.raw`^add\s+(?:column\s+)?${ident}\s+(.+)$`)) && !NOT_A_COLUMN_ADD.test(action)) {
      changes.push({ ...base, column: m[1]!, type: typeOf(m[2]!), kind: 'add' });
    } else if ((m = col(String.raw`^drop\s+(?:column\s+)?(?:if\s+exists\s+)?${ident}`)) && !NOT_A_COLUMN_DROP.test(action)) {
      changes.push({ ...base, column: m[1]!, type: '', kind: 'drop' });
    } else if ((m = col(String.raw`^alter\s+(?:column\s+)?${ident}\s+(?:set\s+data\s+)?type\s+(.+)$`))) {
      changes.push({ ...base, column: m[1]!, type: typeOf(m[2]!), kind: 'alter-type' });
    } else if ((m = col(String.raw`^alter\s+(?:column\s+)?${ident}\s+set\s+not\s+null`))) {
      changes.push({ ...base, column: m[1]!, type: '', kind: 'set-not-null', notNull: true });
    } else if ((m = col(String.raw`^change\s+(?:column\s+)?${ident}\s+${ident}\s+(.+)$`))) {
      changes.push({ ...base, column: m[2]!, type: typeOf(m[3]!), kind: 'modify' });
    } else if ((m = col(String.raw`^modify\s+(?:column\s+)?${ident}\s+(.+)$`))) {
      changes.push({ ...base, column: m[1]!, type: typeOf(m[2]!), kind: 'modify' });
    }
  }
  return changes;
}

function typeOf(definition: string): string {
  return (TYPE_NAME.exec(definition.trim())?.[1] ?? definition).trim().toLowerCase();
}

/** True when a value of type `from` may not fit `to`. */
export function narrows(from: string, to: string): boolean {
  const length = (type: string) => Number(/\((\d+)/.exec(type)?.[1] ?? Number.POSITIVE_INFINITY);
  const family = (type: string) => type.replace(/\(.*$/, '').trim();
  const [a, b] = [family(from), family(to)];
  const textual = (type: string) => /char|text|clob/.test(type);
  if (a in WIDTH && b in WIDTH) return WIDTH[b]! < WIDTH[a]!;
  if (textual(b)) return textual(a) ? length(to) < length(from) : false; // anything fits in text of enough length
  if (a === b) return length(to) < length(from);
  return true; // another family (text → number, timestamp → date …): values may not convert
}

/**
 * The rules that look at SQL. `down` (the migration's undo) tells what a changed column was
 * before, which the up statement alone does not say.
 */
export function lintSql(up: string[], down: string[], dialect: SqlDialect): SqlHit[] {
  const hits: SqlHit[] = [];
  const before = new Map<string, string>();
  for (const statement of down) {
    for (const change of columnChanges(statement)) if (change.type) before.set(`${change.table}.${change.column}`, change.type);
  }
  const added: (ColumnChange & { statement: string })[] = [];
  const dropped: (ColumnChange & { statement: string })[] = [];
  for (const statement of up) {
    // SQLite rebuilds a table to change it: the copy's drop is not a lost table.
    const dropTable = DROP_TABLE.exec(statement);
    if (dropTable && !/^_+\w*(tmp|temp|old|new)/i.test(dropTable[1]!)) {
      const rebuilt = up.some(other => new RegExp(String.raw`rename\s+to\s+[\`"]?${dropTable[1]}[\`"]?`, 'i').test(other));
      if (!rebuilt) hits.push({ rule: 'drop-table', statement, detail: `table ${dropTable[1]}` });
    }
    const index = CREATE_INDEX.exec(statement);
    if (index?.[1] || /\badd\s+(constraint\s+\S+\s+)?unique\b/i.test(statement)) {
      hits.push({ rule: 'unique-on-existing-data', statement, detail: 'unique index' });
    }
    if (index && dialect === 'postgresql' && !index[2]) hits.push({ rule: 'pg-index-not-concurrent', statement, detail: 'index' });
    const changes = columnChanges(statement);
    for (const change of changes) {
      const where = `${change.table}.${change.column}`;
      if (change.kind === 'drop') dropped.push({ ...change, statement });
      if (change.kind === 'add') added.push({ ...change, statement });
      if (change.kind === 'add' && change.notNull && !change.hasDefault) {
        hits.push({ rule: 'not-null-without-default', statement, detail: where });
      }
      if (change.kind === 'set-not-null') hits.push({ rule: 'not-null-without-default', statement, detail: where });
      if (change.kind === 'alter-type' || change.kind === 'modify') {
        const old = before.get(where);
        if (old && old !== change.type && narrows(old, change.type)) {
          hits.push({ rule: 'narrow-type', statement, detail: `${where}: ${old} → ${change.type}` });
        }
        if (change.kind === 'alter-type' && dialect === 'postgresql') hits.push({ rule: 'pg-table-rewrite', statement, detail: where });
        const nullableBefore = new RegExp(String.raw`${change.column}[\`"]?\s+${escape(old ?? '')}(?!\s+not\s+null)`, 'i');
        const wasNullable = old !== undefined && down.some(sql => nullableBefore.test(sql));
        if (change.kind === 'modify' && change.notNull && !change.hasDefault && wasNullable) {
          hits.push({ rule: 'not-null-without-default', statement, detail: where });
        }
      }
    }
    if (dialect === 'mysql' && ALTER_TABLE.test(statement) && !/\balgorithm\s*=\s*(instant|inplace)\b/i.test(statement)) {
      if (changes.some(change => change.kind === 'modify') || /\b(modify|change)\s+/i.test(statement)) {
        hits.push({ rule: 'mysql-locking-alter', statement, detail: 'column change copies the table' });
      }
    }
  }
  for (const drop of dropped) {
    hits.push({ rule: 'drop-column', statement: drop.statement, detail: `${drop.table}.${drop.column}` });
    const twin = added.find(add => add.table === drop.table);
    if (twin) {
      hits.push({
        rule: 'rename-as-drop-add',
        statement: drop.statement,
        detail: `${drop.table}.${drop.column} → ${twin.column}? `
          + `write: alter table ${drop.table} rename column ${drop.column} to ${twin.column}`,
      });
    }
  }
  return hits;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

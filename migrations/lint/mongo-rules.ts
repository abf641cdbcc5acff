import { readFileSync } from 'node:fs';
import type { LintRuleId } from './rules.ts';
import { allowComments } from './read-migration.ts';

export interface MongoHit {
  rule: LintRuleId;
  statement: string;
  detail: string;
}

const RULE_OF: Record<string, LintRuleId> = {
  dropCollection: 'mongo-drop-collection',
  unsetField: 'mongo-unset-field',
  renameField: 'mongo-rename-field',
};

interface Operation {
  op: string;
  collection: string;
  field?: string;
  to?: string;
}

/** A JSON migration's up operations that lose data; `farm-db-allow: <rule>` in its description allows a rule. */
export function lintMongoMigration(file: string): { hits: MongoHit[]; allowed: string[] } {
  const text = readFileSync(file, 'utf8');
  const parsed = JSON.parse(text) as { up?: Operation[] };
  const hits = (parsed.up ?? []).flatMap(operation => {
    const rule = RULE_OF[operation.op];
    if (!rule) return [];
    const target = [operation.collection, operation.field].filter(Boolean).join('.');
    return [{ rule, statement: JSON.stringify(operation), detail: operation.to ? `${target} → ${operation.to}` : target }];
  });
  return { hits, allowed: allowComments(text) };
}

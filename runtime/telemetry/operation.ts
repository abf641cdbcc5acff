import { classifyQuery } from '../monitoring/classify.ts';

const MAIN_STATEMENTS = new Set(['select', 'insert', 'update', 'delete']);

/** What a logged query does and to which collection, for span names and `db.operation.name`. */
export interface QueryOperation {
  name: string;
  /** Only where the query names it unambiguously: MongoDB's `db.getCollection('x')`. */
  collection?: string;
}

const MONGO_CALL = /^db\.getCollection\((['"])(.*?)\1\)\.(\w+)\(/;
const LEADING = /^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()+/;

/**
 * The first statement keyword of SQL (SELECT, INSERT, CREATE …; a CTE's main statement), upper-cased so that every
 * dialect's spans group alike; for MongoDB's shell-style calls, the method (find, insertOne …).
 */
export function queryOperation(query: string): QueryOperation {
  if (query.startsWith('db.')) {
    const call = MONGO_CALL.exec(query);
    if (call) return { name: call[3]!, collection: call[2] };
    return { name: /^db\.(\w+)/.exec(query)?.[1] ?? 'command' };
  }
  const keyword = /^[a-z]+/i.exec(query.replace(LEADING, ''))?.[0];
  if (!keyword) return { name: 'QUERY' };
  // A CTE is named after its main statement, as the monitor counts it.
  const kind = keyword.toLowerCase() === 'with' ? classifyQuery(query) : undefined;
  return { name: kind && MAIN_STATEMENTS.has(kind) ? kind.toUpperCase() : keyword.toUpperCase() };
}

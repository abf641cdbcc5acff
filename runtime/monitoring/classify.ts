export const QUERY_KINDS = ['select', 'insert', 'update', 'delete', 'ddl', 'other'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

const SQL_KINDS: Record<string, QueryKind> = {
  select: 'select', insert: 'insert', replace: 'insert', update: 'update', delete: 'delete', merge: 'update',
  create: 'ddl', alter: 'ddl', drop: 'ddl', truncate: 'ddl', rename: 'ddl', comment: 'ddl',
};

// MikroORM logs MongoDB operations as shell-style calls: db.getCollection('x').find(...).
const MONGO_KINDS: [RegExp, QueryKind][] = [
  [/\.(find|findOne|aggregate|count|countDocuments|estimatedDocumentCount|distinct)\(/, 'select'],
  [/\.(insertOne|insertMany)\(/, 'insert'],
  [/\.(updateOne|updateMany|replaceOne|findOneAndUpdate|findOneAndReplace|bulkWrite)\(/, 'update'],
  [/\.(deleteOne|deleteMany|findOneAndDelete)\(/, 'delete'],
  [/\.(createCollection|createIndex|createIndexes|dropIndex|dropIndexes|drop|dropCollection|rename)\(/, 'ddl'],
];

/** Which kind of statement a logged query is, from its text. */
export function classifyQuery(query: string): QueryKind {
  if (query.startsWith('db.')) {
    return MONGO_KINDS.find(([pattern]) => pattern.test(query))?.[1] ?? 'other';
  }
  const text = query.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()+/, '');
  const keyword = /^[a-z]+/i.exec(text)?.[0]?.toLowerCase() ?? '';
  if (keyword === 'with') {
    // A CTE: hide every parenthesised part, then the first statement keyword left is the main one.
    let flat = text;
    for (let previous = ''; previous !== flat; ) [previous, flat] = [flat, flat.replace(/\([^()]*\)/g, '()')];
    const main = /\b(select|insert|update|delete)\b/i.exec(flat)?.[1]?.toLowerCase();
    return SQL_KINDS[main ?? 'select'] ?? 'select';
  }
  return SQL_KINDS[keyword] ?? 'other';
}

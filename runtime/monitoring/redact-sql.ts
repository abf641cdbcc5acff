const MAX_LENGTH = 2000;

/**
 * Replaces every literal in a query with `?` so that logged SQL never carries values
 * (MikroORM inlines parameters before logging). Identifiers and keywords are kept.
 */
export function redactSql(query: string): string {
  let redacted = query
    .replace(/(?:\b[EeXxBbNn])?'(?:[^'\\]|''|\\.)*'/g, '?') // 'text', E'…', X'…', N'…'
    .replace(/\$\$[\s\S]*?\$\$/g, '?') // dollar-quoted bodies
    .replace(/(^|[^\w$."'])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '$1?'); // numbers not part of a name
  if (query.startsWith('db.')) {
    // MongoDB calls are logged in shell syntax, where double quotes are values, not identifiers.
    redacted = redacted.replace(/"(?:[^"\\]|\\.)*"/g, '?').replace(/\b(true|false|null)\b/g, '?');
  }
  return redacted.length > MAX_LENGTH ? `${redacted.slice(0, MAX_LENGTH)}…` : redacted;
}

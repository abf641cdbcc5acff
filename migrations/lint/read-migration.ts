import { readFileSync } from 'node:fs';

export interface ReadMigration {
  up: string[];
  down: string[];
  /** Rules allowed by `// farm-db-allow: <rule>[, <rule>]` comments in the file. */
  allowed: string[];
}

const ALLOW = /farm-db-allow:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/g;

export function allowComments(text: string): string[] {
  return [...text.matchAll(ALLOW)].flatMap(match => match[1]!.split(',').map(rule => rule.trim()));
}

/** The SQL a MikroORM migration file's up() and down() add with this.addSql('…'). */
export function readSqlMigration(file: string): ReadMigration {
  const text = readFileSync(file, 'utf8');
  return { up: addSqlStatements(methodBody(text, 'up')), down: addSqlStatements(methodBody(text, 'down')), allowed: allowComments(text) };
}

function methodBody(text: string, method: 'up' | 'down'): string {
  const start = new RegExp(String.raw`async\s+${method}\s*\([^)]*\)[^{]*\{`).exec(text);
  if (!start) return '';
  let depth = 1;
  let index = start.index + start[0].length;
  const from = index;
  for (; index < text.length && depth > 0; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}') depth--;
  }
  return text.slice(from, index - 1);
}

function addSqlStatements(body: string): string[] {
  const statements: string[] = [];
  for (const match of body.matchAll(/addSql\(\s*(['"`])((?:\\.|(?!\1)[\s\S])*)\1/g)) {
    const raw = match[2]!;
    statements.push(raw.replace(/\\(['"`\\])/g, '$1').replace(/\\n/g, '\n'));
  }
  return statements;
}

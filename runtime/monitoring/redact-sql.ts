import { PROVIDER_DESCRIPTORS, type DatabaseType, type SqlLiterals } from '../../databases/index.ts';

const MAX_LENGTH = 2000;

type Dialect = SqlLiterals;

/** When the dialect is not known: PostgreSQL's forms, the strictest reading of `$` and backslashes. */
const GENERIC: Dialect = {
  backslashEscapes: false,
  doubleQuotedStrings: false,
  dollarQuotes: true,
  bracketIdentifiers: false,
  moneyLiterals: false,
  hashComments: false,
  nestedComments: true,
};

const WORD_START = /[A-Za-z_\u0080-\uffff@#]/;
const WORD_PART = /[\w$\u0080-\uffff@#]/;
const DIGIT = /[0-9]/;
const NUMBER = /^(?:0[xX][0-9a-fA-F_]*|0[bB][01_]*|0[oO][0-7_]*|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

/**
 * Replaces every literal in a query with `?` so that logged SQL never carries values
 * (MikroORM inlines parameters before logging): strings with any prefix (E'', N'', X'', B'',
 * U&'', _utf8''), dollar-quoted bodies ($$…$$, $tag$…$tag$), hex and binary (0x…, 0b…) and
 * numbers. Identifiers, keywords, comments and placeholders ($1, ?, :name, @p1) are kept.
 * An unterminated literal is redacted to the end of the query: a value never leaks.
 */
export function redactSql(query: string, type?: DatabaseType): string {
  let redacted: string;
  const literals = type ? PROVIDER_DESCRIPTORS[type].queryLiterals : GENERIC;
  if (query.startsWith('db.') || literals === 'mongo-shell') {
    // MongoDB calls are logged in shell syntax, where double quotes are values, not identifiers.
    redacted = query
      .replace(/'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?/g, '?')
      .replace(/(^|[^\w$.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '$1?')
      .replace(/\b(true|false|null)\b/g, '?');
  } else {
    redacted = redactSqlText(query, literals);
  }
  return redacted.length > MAX_LENGTH ? `${redacted.slice(0, MAX_LENGTH)}…` : redacted;
}

function redactSqlText(sql: string, dialect: Dialect): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const rest = sql.slice(i, i + 2);
    if (rest === '--' || (c === '#' && dialect.hashComments)) {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (rest === '/*') {
      const stop = endOfBlockComment(sql, i, dialect.nestedComments);
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === "'") {
      i = endOfQuoted(sql, i, "'", dialect.backslashEscapes);
      out += '?';
    } else if (c === '"') {
      const stop = endOfQuoted(sql, i, '"', dialect.doubleQuotedStrings && dialect.backslashEscapes);
      out += dialect.doubleQuotedStrings ? '?' : sql.slice(i, stop);
      i = stop;
    } else if (c === '`' || (c === '[' && dialect.bracketIdentifiers)) {
      const stop = endOfQuoted(sql, i, c === '`' ? '`' : ']', false);
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '$') {
      const tag = dialect.dollarQuotes ? DOLLAR_TAG.exec(sql.slice(i))?.[0] : undefined;
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        i = close === -1 ? sql.length : close + tag.length;
        out += '?';
      } else if (dialect.moneyLiterals && DIGIT.test(sql[i + 1] ?? '')) {
        i = i + 1 + NUMBER.exec(sql.slice(i + 1))![0].length;
        out += '?';
      } else {
        // $1, $2…: a placeholder, kept.
        let stop = i + 1;
        while (stop < sql.length && DIGIT.test(sql[stop]!)) stop++;
        out += sql.slice(i, stop);
        i = stop;
      }
    } else if (WORD_START.test(c)) {
      let stop = i + 1;
      while (stop < sql.length && WORD_PART.test(sql[stop]!)) stop++;
      const word = sql.slice(i, stop);
      if (sql[stop] === '&' && sql[stop + 1] === "'" && /^[Uu]$/.test(word)) stop++; // U&'…'
      if (sql[stop] === "'" && !word.startsWith('@') && !word.startsWith('#')) {
        // A prefixed string: E'…' (backslash escapes), N'…', X'…', B'…', U&'…', _utf8mb4'…'.
        const escapes = dialect.backslashEscapes || /^[Ee]$/.test(word);
        i = endOfQuoted(sql, stop, "'", escapes);
        out += '?';
      } else {
        out += sql.slice(i, stop);
        i = stop;
      }
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(sql[i + 1] ?? '') && !WORD_PART.test(sql[i - 1] ?? ''))) {
      const number = NUMBER.exec(sql.slice(i))![0];
      let stop = i + number.length;
      while (stop < sql.length && WORD_PART.test(sql[stop]!)) stop++; // 1e, 0xZZ: whatever follows is part of it
      // A minus sign belongs to the number unless it is a subtraction (after a name, a value or a bracket).
      if (out.endsWith('-') && !/[\w$)\]"`?]\s*-$/.test(out)) out = out.slice(0, -1);
      out += '?';
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The index just past the closing quote (doubled quotes and, where they count, backslashes escape it); the end if none. */
function endOfQuoted(sql: string, start: number, close: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === close && sql[i + 1] === close && close !== ']') i += 2;
    else if (c === close) return i + 1;
    else i++;
  }
  return sql.length;
}

/** The index just past the comment that starts at `start`; the end if it never closes. */
function endOfBlockComment(sql: string, start: number, nested: boolean): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    const pair = sql.slice(i, i + 2);
    if (pair === '/*' && (nested || depth === 0)) {
      depth++;
      i += 2;
    } else if (pair === '*/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

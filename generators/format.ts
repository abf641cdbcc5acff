import { Project, ts } from 'ts-morph';
import type { CodeStyle } from './detect/style.ts';

const scratch = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });

/**
 * Re-writes generated TypeScript (written in farm-db's own style: two spaces, single quotes,
 * semicolons) in the user's style. Indentation and semicolons go through TypeScript's own
 * formatter; quotes are swapped literal by literal.
 */
export function formatToStyle(code: string, style: CodeStyle): string {
  const file = scratch.createSourceFile('generated.ts', code, { overwrite: true });
  file.formatText({
    indentSize: style.indent === '\t' ? 4 : style.indent.length,
    tabSize: style.indent === '\t' ? 4 : style.indent.length,
    convertTabsToSpaces: style.indent !== '\t',
    semicolons: style.semicolons ? ts.SemicolonPreference.Insert : ts.SemicolonPreference.Remove,
  });
  let text = file.getFullText();
  if (style.quote === '"') text = swapQuotes(text);
  return text;
}

/** Turns every single-quoted string literal into a double-quoted one (escaping as needed). */
function swapQuotes(code: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, code);
  let out = '';
  let last = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart();
    if (kind === ts.SyntaxKind.StringLiteral && code[start] === "'") {
      out += code.slice(last, start) + JSON.stringify(scanner.getTokenValue());
      last = scanner.getTokenEnd();
    }
  }
  return out + code.slice(last);
}

/** A line of code the generator inserts into a user file, in their style. */
export function statement(text: string, style: CodeStyle): string {
  const quoted = style.quote === '"' ? swapQuotes(text) : text;
  return style.semicolons ? quoted : quoted.replace(/;(\s*)$/gm, '$1');
}

import { unresolved } from '../syntax/scope.ts';
import { parseSource } from '../syntax/source.ts';

/**
 * Why the edited text of `path` must not be written, if it must not: it does not parse (TypeScript syntax
 * in a JavaScript file, say), or a name farm-db inserted is not in scope where it landed. The names checked
 * are the app's own (its db, app and server variables), never globals, so the file's own scopes answer it
 * (imports count as declared: the database folder an import names may be written in the same run).
 */
export function editProblem(path: string, text: string, names: string[]): string | undefined {
  const { source, errors } = parseSource(path, text);
  const syntax = errors[0];
  if (syntax) return `with the code farm-db would insert it would not parse (${syntax.message}, line ${source.lineAt(syntax.offset)})`;
  const problems = unresolved(source, names);
  if (problems.length > 0) return `the code farm-db would insert uses names that are not in scope there (${problems.join(', ')})`;
  return undefined;
}

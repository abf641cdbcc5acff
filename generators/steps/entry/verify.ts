import { unresolved } from '../syntax/scope.ts';
import { parseSource } from '../syntax/source.ts';

/**
 * Checks that every name farm-db inserted resolves where it landed in the edited text of `path`:
 * `name (path:line)` for each that does not. The names checked are the app's own (its db, app and
 * server variables), never globals, so the file's own scopes answer it (imports count as declared:
 * the database folder an import names may be written in the same run).
 */
export function unresolvedNames(path: string, text: string, names: string[]): string[] {
  return unresolved(parseSource(path, text).source, names);
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';

// "Cannot find name", "Did you mean", "did you mean the instance member 'this.x'" and friends.
const UNRESOLVED = new Set([2304, 2552, 2662, 2663, 2686, 18004]);
const NO_LIBRARIES = { noLib: true, types: [] };

/**
 * Checks with the TypeScript program (the app's tsconfig, the edited texts) that every name
 * farm-db inserted resolves where it landed. Returns `name (path:line)` for each that does not.
 * Only the edited files are checked and their imports are not loaded: an import that does not
 * resolve yet (the database folder is written in the same run) does not count.
 * The names checked are the app's own (its db, app and server variables), never globals, so the
 * standard library and @types are not loaded (noLib, types: []): that was most of a cold run's time.
 */
export function unresolvedNames(root: string, app: string, files: { path: string; text: string }[], names: string[]): string[] {
  const tsconfig = join(root, app, 'tsconfig.json');
  let project: Project;
  try {
    project = new Project({
      tsConfigFilePath: existsSync(tsconfig) ? tsconfig : undefined,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: { ...(existsSync(tsconfig) ? {} : { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext }), ...NO_LIBRARIES },
    });
  } catch {
    project = new Project({ skipFileDependencyResolution: true, compilerOptions: { target: ts.ScriptTarget.ES2022, ...NO_LIBRARIES } });
  }
  const problems: string[] = [];
  for (const { path, text } of files) {
    const file = project.createSourceFile(join(root, path), text, { overwrite: true });
    for (const diagnostic of file.getPreEmitDiagnostics()) {
      if (!UNRESOLVED.has(diagnostic.getCode())) continue;
      const message = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n');
      const name = names.find(n => message.includes(`'${n}'`));
      if (name) problems.push(`${name} (${path}:${diagnostic.getLineNumber() ?? '?'})`);
    }
  }
  return problems;
}

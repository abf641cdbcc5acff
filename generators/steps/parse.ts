import type { Project, SourceFile } from 'ts-morph';
import { EXIT, GeneratorError } from '../errors.ts';
import type { Tree } from '../tree/tree.ts';

/**
 * Parses a user file for a codemod; a file with syntax errors is refused with file:line,
 * because editing it could only make things worse.
 */
export function parseOrFail(project: Project, tree: Tree, path: string, text: string): SourceFile {
  const file = project.createSourceFile(`/${path}`, text, { overwrite: true });
  const diagnostics = (file.compilerNode as unknown as { parseDiagnostics?: { start?: number; messageText: unknown }[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (first) {
    const { line, column } = file.getLineAndColumnAtPos(first.start ?? 0);
    const message = typeof first.messageText === 'string' ? first.messageText : 'syntax error';
    throw new GeneratorError(`${tree.absolute(path)}:${line}:${column}: ${message}`, {
      hint: 'fix the syntax error, then run the command again; nothing was written',
      exitCode: EXIT.usage,
    });
  }
  return file;
}

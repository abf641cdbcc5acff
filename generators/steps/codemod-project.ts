import { IndentationText, Project, QuoteKind, type SourceFile } from 'ts-morph';
import type { CodeStyle } from '../detect/style.ts';
import { EXIT, GeneratorError } from '../errors.ts';
import type { Tree } from '../tree/tree.ts';

/**
 * For the codemods that print new structure (farm.config.ts's database block, models.ts's list),
 * where ts-morph's printer keeps the file's formatting habits. The entry codemods only find places
 * and edit text: they use steps/syntax (oxc), which loads in milliseconds.
 *
 * An in-memory ts-morph project that writes inserted code in the user's indentation and
 * quotes. Only the files being edited are added: the user's tsconfig project is never loaded.
 */
export function codemodProject(style: CodeStyle): Project {
  // Codemods only parse and print: no lib .d.ts files, no dependency resolution, no type checking.
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipLoadingLibFiles: true,
    skipFileDependencyResolution: true,
  });
  project.manipulationSettings.set({
    indentationText:
      style.indent === '\t' ? IndentationText.Tab : style.indent.length === 4 ? IndentationText.FourSpaces : IndentationText.TwoSpaces,
    quoteKind: style.quote === '"' ? QuoteKind.Double : QuoteKind.Single,
  });
  return project;
}

/** ts-morph ends inserted imports with semicolons; drop them in a no-semicolon project. */
export function matchSemicolons(text: string, style: CodeStyle): string {
  return style.semicolons ? text : text.replace(/^(import [^\n]*['"]);$/gm, '$1');
}

/**
 * Parses a user file for a codemod; a file with syntax errors is refused with file:line,
 * because editing it could only make things worse.
 */
export function parseForPrinting(project: Project, tree: Tree, path: string, text: string): SourceFile {
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

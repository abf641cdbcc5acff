import { IndentationText, Project, QuoteKind } from 'ts-morph';
import type { CodeStyle } from '../detect/style.ts';

/**
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

/**
 * How the user writes code, read from their own files, so that what farm-db generates
 * or inserts looks like they wrote it.
 */
export interface CodeStyle {
  /** One level of indentation: '\t', '  ' or '    '. */
  indent: string;
  quote: "'" | '"';
  semicolons: boolean;
  /** The module system tsc compiles the app's files to (module-system.ts). */
  module: 'esm' | 'cjs';
  /** What that setting lets a generated file use: `import.meta`, top-level `await`. */
  importMeta: boolean;
  topLevelAwait: boolean;
  /** What relative imports end with: '.js', '.ts' or nothing. */
  importExtension: '' | '.js' | '.ts';
}

export const DEFAULT_STYLE: CodeStyle = {
  indent: '  ', quote: "'", semicolons: true, module: 'esm', importMeta: true, topLevelAwait: true, importExtension: '.js',
};

type Modules = Pick<CodeStyle, 'module' | 'importMeta' | 'topLevelAwait'>;

/**
 * Reads indentation, quotes, semicolons and import extensions from source texts (the majority
 * wins). With no relative import to learn from, the extension follows the tsconfig: `.ts` where
 * it allows importing .ts files, else `.js` for ES modules and none for CommonJS.
 */
export function detectStyle(sources: string[], modules: CodeStyle['module'] | Modules, importsTsExtensions = false): CodeStyle {
  const { module, importMeta, topLevelAwait }: Modules = typeof modules === 'string'
    ? { module: modules, importMeta: modules === 'esm', topLevelAwait: modules === 'esm' }
    : modules;
  const text = sources.join('\n');
  const fallback = importsTsExtensions ? '.ts' : module === 'esm' ? '.js' : '';
  return {
    indent: detectIndent(text),
    quote: detectQuote(text),
    semicolons: detectSemicolons(text),
    module,
    importMeta,
    topLevelAwait,
    importExtension: detectImportExtension(text, fallback),
  };
}

function detectIndent(text: string): string {
  let tabs = 0;
  const widths = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('\t')) {
      tabs++;
      continue;
    }
    const width = /^ */.exec(line)![0].length;
    const step = Math.abs(width - previous);
    if (step === 2 || step === 4) widths.set(step, (widths.get(step) ?? 0) + 1);
    previous = width;
  }
  const spaces = [...widths.values()].reduce((a, b) => a + b, 0);
  if (tabs > spaces) return '\t';
  return (widths.get(4) ?? 0) > (widths.get(2) ?? 0) ? '    ' : '  ';
}

function detectQuote(text: string): CodeStyle['quote'] {
  // Module specifiers are the most reliable sample: every file has them and they are plain strings.
  const single = (text.match(/(?:from|require\(|import\()\s*'[^']*'/g) ?? []).length;
  const double = (text.match(/(?:from|require\(|import\()\s*"[^"]*"/g) ?? []).length;
  return double > single ? '"' : "'";
}

function detectSemicolons(text: string): boolean {
  let withSemicolon = 0;
  let without = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trimEnd();
    if (!/^\s*(import|export|const|let|var|return|await|throw)\b/.test(line) || line.endsWith('{') || line.endsWith(',') || line.endsWith('(')) continue;
    if (line.endsWith(';')) withSemicolon++;
    else if (/[\w)'"`\]]$/.test(line)) without++;
  }
  return withSemicolon >= without;
}

function detectImportExtension(text: string, fallback: CodeStyle['importExtension']): CodeStyle['importExtension'] {
  const relative = [...text.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map(m => m[1]!);
  if (relative.length === 0) return fallback;
  const js = relative.filter(s => s.endsWith('.js')).length;
  const ts = relative.filter(s => s.endsWith('.ts')).length;
  const none = relative.length - js - ts;
  if (ts > js && ts > none) return '.ts';
  return js >= none ? '.js' : '';
}

import type { CodeStyle } from './detect/style.ts';

/**
 * Re-writes farm-db's own templates (two-space indentation, single quotes, semicolons) in the
 * user's style. The templates are ours and simple, so plain line rules suffice; this keeps the
 * TypeScript compiler (half a second to load) out of runs that only render templates.
 * Code inserted into user files goes through ts-morph instead (see steps/codemod-project.ts).
 */
export function formatToStyle(code: string, style: CodeStyle): string {
  return code
    .split('\n')
    .map(line => {
      const indent = /^(?: {2})*/.exec(line)![0];
      let body = line.slice(indent.length);
      const comment = /^(\/\/|\/\*|\*)/.test(body);
      if (!comment && style.quote === '"') body = toDoubleQuotes(body);
      if (!comment && !style.semicolons) body = body.replace(/;$/, '');
      return style.indent.repeat(indent.length / 2) + body;
    })
    .join('\n');
}

/** A line of code the generator inserts into a user file, in their style. */
export function statement(text: string, style: CodeStyle): string {
  const quoted = style.quote === '"' ? toDoubleQuotes(text) : text;
  return style.semicolons ? quoted : quoted.replace(/;(\s*)$/gm, '$1');
}

/** 'text' → "text" for every single-quoted literal on a line of template code. */
function toDoubleQuotes(line: string): string {
  return line.replace(/'((?:[^'\\]|\\.)*)'/g, (_match, body: string) => JSON.stringify(body.replace(/\\'/g, "'")));
}

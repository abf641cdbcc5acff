import type { CodeStyle } from './style.ts';

/** [major, minor] of a version string; undefined when there is none. */
function majorMinor(version: string | undefined): [number, number] | undefined {
  const match = /(\d+)(?:\.(\d+))?/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2] ?? 0)] : undefined;
}

function atLeast(version: string | undefined, major: number, minor: number): boolean {
  const found = majorMinor(version);
  if (!found) return true; // no @types/node: nothing of Node's is typed, and Node 22+ runs it
  return found[0] > major || (found[0] === major && found[1] >= minor);
}

/** The forms generated code uses for Node APIs, chosen so they typecheck against the app's own @types/node. */
export interface NodeForms {
  /** 'node:crypto' from @types/node 16 (and 14.18); plain 'crypto' before. */
  builtin: (name: string) => string;
  /** `randomUUID` is typed from @types/node 16 on (14.x lacks it); before, a v4 UUID is made from randomBytes. */
  randomUUID: boolean;
  /** The folder of the generated connection file: an expression, and the import it needs. */
  configFrom: { expression: string; import?: string };
}

/** In farm-db's template style (single quotes, semicolons); formatToStyle turns it into the app's. */
export function nodeForms(typesNode: string | undefined, style: Pick<CodeStyle, 'module' | 'importMeta'>): NodeForms {
  const prefixed = atLeast(typesNode, 16, 0);
  const builtin = (name: string) => (prefixed ? `node:${name}` : name);
  let configFrom: NodeForms['configFrom'];
  if (style.module === 'cjs') configFrom = { expression: '__dirname' };
  // An ES module whose compiler refuses import.meta (module es2015): found from the working directory up.
  else if (!style.importMeta) configFrom = { expression: 'process.cwd()' };
  else if (atLeast(typesNode, 20, 11)) configFrom = { expression: 'import.meta.dirname' };
  else configFrom = { expression: "fileURLToPath(new URL('.', import.meta.url))", import: `import { fileURLToPath } from '${builtin('url')}';` };
  return { builtin, randomUUID: atLeast(typesNode, 16, 0), configFrom };
}

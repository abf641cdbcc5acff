import { parseSync, visitorKeys, type Node, type Program } from 'oxc-parser';

export type { Node };
/** A node of a given `type`, e.g. `NodeOf<'CallExpression'>` (oxc shares some interfaces between types, e.g. Function). */
export type NodeOf<T extends Node['type']> = Node extends infer N ? (N extends { type: infer K } ? (T extends K ? N & { type: T } : never) : never) : never;

/**
 * One parsed user file: oxc's ESTree (TypeScript included, offsets in UTF-16 like the string) with
 * the parent links ESTree leaves out. The entry codemods only find places and edit text, so a parser
 * that loads in milliseconds does (ts-morph's TypeScript took ~100 ms of every first run to load).
 */
export class Source {
  readonly path: string;
  readonly text: string;
  readonly program: Program;
  private readonly parents = new Map<Node, Node>();

  constructor(path: string, text: string, program: Program) {
    this.path = path;
    this.text = text;
    this.program = program;
    const stack: Node[] = [program];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const child of children(node)) {
        this.parents.set(child, node);
        stack.push(child);
      }
    }
  }

  /** The text of a node, as written. */
  textOf(node: { start: number; end: number }): string {
    return this.text.slice(node.start, node.end);
  }

  parentOf(node: Node): Node | undefined {
    return this.parents.get(node);
  }

  /** The innermost ancestor of `node` (not itself) that `test` accepts. */
  ancestor<T extends Node>(node: Node, test: (candidate: Node) => candidate is T): T | undefined;
  ancestor(node: Node, test: (candidate: Node) => boolean): Node | undefined;
  ancestor(node: Node, test: (candidate: Node) => boolean): Node | undefined {
    for (let current = this.parentOf(node); current; current = this.parentOf(current)) if (test(current)) return current;
    return undefined;
  }

  /** `root` and every node below it, in source order. */
  *descendants(root: Node = this.program): Generator<Node> {
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      yield node;
      const below = children(node);
      for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
    }
  }

  /** The nodes of one type below `root` (itself included), in source order. */
  all<T extends Node['type']>(type: T, root: Node = this.program): NodeOf<T>[] {
    const found: NodeOf<T>[] = [];
    for (const node of this.descendants(root)) if (node.type === type) found.push(node as NodeOf<T>);
    return found;
  }

  /** 1-based line of an offset. */
  lineAt(offset: number): number {
    let line = 1;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) line++;
    return line;
  }
}

/** The child nodes of `node`, in source order (oxc's visitor keys). */
export function children(node: Node): Node[] {
  const keys = visitorKeys[node.type] ?? [];
  const found: Node[] = [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && 'type' in item) found.push(item as Node);
    } else if (value && typeof value === 'object' && 'type' in value) found.push(value as Node);
  }
  return found;
}

/** Parses `text` as the file `path` (its extension picks TypeScript, JSX, CommonJS). */
export function parseSource(path: string, text: string): { source: Source; errors: { offset: number; message: string }[] } {
  const result = parseSync(path, text);
  const errors = result.errors.map(error => ({ offset: error.labels[0]?.start ?? 0, message: error.message }));
  return { source: new Source(path, text, result.program), errors };
}

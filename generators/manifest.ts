import { createHash } from 'node:crypto';
import type { Tree } from './tree/tree.ts';

const PATH = '.farm/manifest.json';

export const hashContent = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * `.farm/manifest.json` (meant to be committed) remembers the hash of each file as farm-db
 * generated it. A generated file whose content no longer matches was edited by the user,
 * so regenerating it is a conflict rather than an overwrite.
 */
export class Manifest {
  readonly #files: Record<string, { hash: string }>;
  readonly #path: string;

  constructor(tree: Tree, app: string) {
    this.#path = app ? `${app}/${PATH}` : PATH;
    const text = tree.read(this.#path);
    this.#files = text ? (JSON.parse(text).files ?? {}) : {};
  }

  /** 'new' (not on disk), 'same' (already this content), 'pristine' (ours, untouched) or 'edited'. */
  status(tree: Tree, path: string, proposed: string): 'new' | 'same' | 'pristine' | 'edited' {
    const current = tree.read(path);
    if (current === undefined) return 'new';
    if (current === proposed) return 'same';
    return this.#files[path]?.hash === hashContent(current) ? 'pristine' : 'edited';
  }

  record(path: string, content: string): void {
    this.#files[path] = { hash: hashContent(content) };
  }

  save(tree: Tree): void {
    const files = Object.fromEntries(Object.entries(this.#files).sort(([a], [b]) => a.localeCompare(b)));
    tree.write(this.#path, `${JSON.stringify({ version: 1, generator: 'farm-db', files }, null, 2)}\n`);
  }
}

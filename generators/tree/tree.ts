import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { EXIT, GeneratorError } from '../errors.ts';

export interface FileChange {
  /** Relative to the tree's root, with forward slashes. */
  path: string;
  type: 'create' | 'update';
  before: string | undefined;
  after: string;
}

/**
 * Every change a generator makes is staged here, in memory, and written only by `commit()`:
 * reads see staged content first, a write equal to what is on disk is no change at all,
 * and a dry run is just "list the changes". (After Nx devkit's Tree.)
 */
export class Tree {
  readonly root: string;
  readonly #staged = new Map<string, string>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The project-relative form of `path`; refuses anything outside the root. */
  normalize(path: string): string {
    const absolute = isAbsolute(path) ? resolve(path) : resolve(this.root, path);
    const rel = relative(this.root, absolute);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new GeneratorError(`the path ${path} is outside the project at ${this.root}`, {
        hint: 'give paths inside the project (or pass --dir <project root>)',
        exitCode: EXIT.usage,
      });
    }
    return rel.split(sep).join('/');
  }

  absolute(path: string): string {
    return join(this.root, this.normalize(path));
  }

  exists(path: string): boolean {
    const key = this.normalize(path);
    return this.#staged.has(key) || existsSync(join(this.root, key));
  }

  isDirectory(path: string): boolean {
    const full = this.absolute(path);
    return existsSync(full) && statSync(full).isDirectory();
  }

  /** Staged content, else what is on disk, else undefined. */
  read(path: string): string | undefined {
    const key = this.normalize(path);
    if (this.#staged.has(key)) return this.#staged.get(key);
    return this.readOriginal(key);
  }

  /** What is on disk, ignoring staged changes. */
  readOriginal(path: string): string | undefined {
    const full = join(this.root, this.normalize(path));
    return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
  }

  write(path: string, content: string): void {
    const key = this.normalize(path);
    if (this.readOriginal(key) === content) this.#staged.delete(key);
    else this.#staged.set(key, content);
  }

  /** File names directly inside `dir` (on disk and staged), sorted. */
  list(dir: string): string[] {
    const key = dir === '.' || dir === '' ? '' : this.normalize(dir);
    const full = join(this.root, key);
    const names = new Set<string>(existsSync(full) && statSync(full).isDirectory() ? readdirSync(full) : []);
    const prefix = key ? `${key}/` : '';
    for (const staged of this.#staged.keys()) {
      if (staged.startsWith(prefix) && !staged.slice(prefix.length).includes('/')) names.add(staged.slice(prefix.length));
    }
    return [...names].sort();
  }

  changes(): FileChange[] {
    return [...this.#staged.entries()]
      .map(([path, after]) => {
        const before = this.readOriginal(path);
        return { path, type: before === undefined ? 'create' : 'update', before, after } as FileChange;
      })
      .sort((a, b) => a.path.localeCompare(b.path));
  }
}

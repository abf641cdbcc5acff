import { createHash } from 'node:crypto';
import type { Tree } from './tree/tree.ts';

const PATH = '.farm/manifest.json';

/** The answers of the last `db add`, so that a re-run without flags plans the same project. */
export interface RecordedAnswers {
  /** The database choice (a type or preset, see DATABASE_CHOICES). */
  type: string;
  /** 'url': an existing database whose URL is in .env (never recorded here: the manifest is committed). */
  connection: 'compose' | 'url' | 'embedded';
  entry: string;
  modelsDir: string;
}

export const hashContent = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * `.farm/manifest.json` (meant to be committed) remembers the hash of each file as farm-db
 * generated it. A generated file whose content no longer matches was edited by the user,
 * so regenerating it is a conflict rather than an overwrite.
 */
export class Manifest {
  readonly #files: Record<string, { hash: string }>;
  readonly #path: string;
  #answers: RecordedAnswers | undefined;

  constructor(tree: Tree, app: string) {
    this.#path = app ? `${app}/${PATH}` : PATH;
    const text = tree.read(this.#path);
    this.#files = text ? (JSON.parse(text).files ?? {}) : {};
    this.#answers = text ? JSON.parse(text).answers : undefined;
  }

  get answers(): RecordedAnswers | undefined {
    return this.#answers;
  }

  recordAnswers(answers: RecordedAnswers): void {
    this.#answers = answers;
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
    tree.write(this.#path, `${JSON.stringify({ version: 1, generator: 'farm-db', answers: this.#answers, files }, null, 2)}\n`);
  }
}

import { createHash } from 'node:crypto';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { EXIT, GeneratorError } from './errors.ts';
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
    this.#files = text ? readFiles(tree.absolute(this.#path), text) : {};
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

  /** farm-db generated `path` once (it may have been deleted since). */
  generated(path: string): boolean {
    return path in this.#files;
  }

  record(path: string, content: string): void {
    this.#files[path] = { hash: hashContent(content) };
  }

  save(tree: Tree): void {
    const files = Object.fromEntries(Object.entries(this.#files).sort(([a], [b]) => a.localeCompare(b)));
    tree.write(this.#path, `${JSON.stringify({ version: 1, generator: 'farm-db', answers: this.#answers, files }, null, 2)}\n`);
  }
}

/** The manifest's `files`, or a clear refusal: guessing which files are the user's could overwrite their edits. */
function readFiles(file: string, text: string): Record<string, { hash: string }> {
  const errors: ParseError[] = [];
  const data = parse(text, errors, { allowTrailingComma: false, disallowComments: true }) as { files?: unknown } | undefined;
  const fix =
    `restore ${file} from version control (git checkout -- ${file}) or delete it ` +
    '(farm-db then treats every generated file as possibly edited); nothing was written';
  if (errors[0]) {
    const before = text.slice(0, errors[0].offset).split('\n');
    const where = `${file}:${before.length}:${before.at(-1)!.length + 1}`;
    throw new GeneratorError(`${where}: ${printParseErrorCode(errors[0].error)}: the farm-db manifest is not valid JSON`, { hint: fix, exitCode: EXIT.usage });
  }
  const files = data?.files ?? {};
  const valid = typeof files === 'object' && !Array.isArray(files) && Object.values(files as object).every(f => typeof f?.hash === 'string');
  if (!valid) throw new GeneratorError(`${file}:1:1: the farm-db manifest has no valid "files" map (each entry needs a "hash")`, { hint: fix, exitCode: EXIT.usage });
  return files as Record<string, { hash: string }>;
}

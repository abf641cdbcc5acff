/**
 * A configuration problem the user can fix. The message always says what is wrong,
 * where (file and key), and how to fix it.
 */
export class FarmConfigError extends Error {
  readonly key: string | undefined;
  readonly file: string | undefined;
  readonly hint: string;

  constructor(problem: string, options: { key?: string; file?: string; hint: string; cause?: unknown }) {
    const where = [options.file, options.key].filter(Boolean).join(' → ');
    super(`${where ? `${where}: ` : ''}${problem}\n  Fix: ${options.hint}`, { cause: options.cause });
    this.name = 'FarmConfigError';
    this.key = options.key;
    this.file = options.file;
    this.hint = options.hint;
  }
}

import { FarmRuntimeError } from '../runtime/index.ts';

/** A migration that failed: which one, at which statement, and what state it left behind. */
export class MigrationError extends FarmRuntimeError {
  readonly migration: string;
  readonly statement: string | undefined;

  constructor(migration: string, statement: string | undefined, cause: unknown, state: string) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`migration ${migration} failed${statement ? ` at: ${statement.trim()}` : ''}\n  ${reason}\n  ${state}`, {
      hint: `fix ${migration} (or the database), then run the migration again`,
      cause,
    });
    this.name = 'MigrationError';
    this.migration = migration;
    this.statement = statement;
  }
}

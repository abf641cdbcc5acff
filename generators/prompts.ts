import type { DistinctQuestion } from 'inquirer';
import { DATABASE_SETUPS, findSetup } from './database-setup.ts';
import type { FileChange } from './tree/tree.ts';

export interface DbAnswers {
  type: string;
  connection: 'compose' | 'url';
  url?: string;
  entry?: string;
  modelsDir?: string;
  install: boolean;
  /** The answer to "Write these changes?" (asked only when there are changes to write). */
  write?: boolean;
}

/** The URL question's wording follows the earlier answers: no "leave empty" once an existing URL was chosen. */
export function urlMessage(answers: Partial<DbAnswers> = {}): string {
  const setup = findSetup(answers.type ?? '');
  if (answers.connection === 'url' || setup?.externalOnly) return 'Database URL:';
  if (setup && !setup.compose) return `Database URL (leave empty for ${setup.url(0, '')}):`;
  return 'Database URL (leave empty for the compose service):';
}

/**
 * The questions of `db add` for `npx plop db`. Each has a default or is skipped without a TTY,
 * so it also runs non-interactively (answers from the command line).
 */
export function dbQuestions(detected: { entry?: string; modelsDir?: string }): DistinctQuestion<DbAnswers>[] {
  // No `when` conditions: plop can only bypass unconditional prompts.
  return [
    {
      type: 'list',
      name: 'type',
      message: 'Which database?',
      choices: DATABASE_SETUPS.map(s => ({ name: s.label, value: s.choice })),
    },
    {
      type: 'list',
      name: 'connection',
      message: 'How will the app reach it?',
      choices: [
        { name: 'A docker-compose service (added to your compose file)', value: 'compose' },
        { name: 'An existing database URL', value: 'url' },
      ],
      default: 'compose',
    },
    {
      type: 'input',
      name: 'url',
      message: urlMessage,
      default: '',
      validate: (value: string, answers?: Partial<DbAnswers>) =>
        (!value && (answers?.connection !== 'url' && !findSetup(answers?.type ?? '')?.externalOnly)) ||
        /^[a-z][a-z0-9+.-]*:/i.test(value) ||
        'a URL such as postgresql://user:password@host:5432/app',
    },
    { type: 'input', name: 'entry', message: 'App entry file:', default: detected.entry },
    { type: 'input', name: 'modelsDir', message: 'Models folder:', default: detected.modelsDir },
    { type: 'confirm', name: 'install', message: 'Install the dependencies now?', default: true },
  ];
}

/**
 * The last question on a terminal, as `farm db add` asks it: the change list, then "Write these
 * changes?". `plan` is a dry run of the answers; nothing to change asks nothing. Conditional,
 * so it comes last: plop refuses to bypass a conditional prompt, never to ask one.
 */
export function confirmQuestion(
  plan: (answers: DbAnswers) => Promise<FileChange[]>,
  describe: (changes: FileChange[]) => string,
): DistinctQuestion<DbAnswers> {
  return {
    type: 'confirm',
    name: 'write',
    message: 'Write these changes?',
    default: true,
    when: async (answers: DbAnswers) => {
      const changes = await plan(answers);
      if (changes.length === 0) return false;
      console.log(`farm-db will write:\n${describe(changes)}`);
      return true;
    },
  };
}

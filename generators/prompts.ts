import type { DistinctQuestion } from 'inquirer';
import { DATABASE_SETUPS, findSetup } from './database-setup.ts';

export interface DbAnswers {
  type: string;
  connection: 'compose' | 'url';
  url?: string;
  entry?: string;
  modelsDir?: string;
  install: boolean;
}

/**
 * The questions of `db add`, shared by `npx plop db` and `farm db add`. Each has a default or
 * is skipped without a TTY, so both also run non-interactively (answers from the command line).
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
      message: 'Database URL (leave empty for the compose service):',
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

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
  const interactive = () => Boolean(process.stdin.isTTY);
  return [
    {
      type: 'list',
      name: 'type',
      message: 'Which database?',
      choices: DATABASE_SETUPS.map(s => ({ name: s.label, value: s.choice })),
      when: interactive,
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
      when: answers => interactive() && Boolean(findSetup(answers.type)?.compose),
    },
    {
      type: 'input',
      name: 'url',
      message: 'Database URL:',
      when: answers => interactive() && (answers.connection === 'url' || Boolean(findSetup(answers.type)?.externalOnly)),
      validate: (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) || 'a URL such as postgresql://user:password@host:5432/app',
    },
    { type: 'input', name: 'entry', message: 'App entry file:', default: detected.entry, when: interactive },
    { type: 'input', name: 'modelsDir', message: 'Models folder:', default: detected.modelsDir, when: interactive },
    { type: 'confirm', name: 'install', message: 'Install the dependencies now?', default: true, when: interactive },
  ];
}

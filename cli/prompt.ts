import type { ConflictChoice } from '../generators/db-add.ts';
import { unifiedDiff } from '../generators/tree/diff.ts';

/** inquirer takes a quarter second to load: only interactive runs pay for it. */
export const prompt = async <T>(questions: object[]): Promise<T> =>
  (await import('inquirer')).default.prompt(questions as never) as Promise<T>;

export const isInteractive = (yes: boolean | undefined) => Boolean(process.stdin.isTTY && process.stdout.isTTY) && !yes;

/** Asked for each generated file the user edited since: keep it, overwrite it, or look first. */
export async function askAboutConflict(conflict: { path: string; current: string; proposed: string }): Promise<ConflictChoice> {
  for (;;) {
    const { choice } = await prompt<{ choice: ConflictChoice | 'diff' }>([{
      type: 'list',
      name: 'choice',
      message: `${conflict.path} was edited since farm-db generated it. What now?`,
      choices: [
        { name: 'keep my version (skip)', value: 'skip' },
        { name: 'overwrite (keeps a .orig copy)', value: 'overwrite' },
        { name: 'show the diff', value: 'diff' },
      ],
    }]);
    if (choice !== 'diff') return choice;
    console.log(unifiedDiff({ path: conflict.path, type: 'update', before: conflict.current, after: conflict.proposed }));
  }
}

import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GeneratorError } from '../errors.ts';
import { JOURNAL, alive, finish, rollBack, writeJournal, type Journal } from './journal.ts';
import { resolveTarget, type CommitTarget } from './targets.ts';
import type { FileChange } from './tree.ts';

/** For tests: called before each rename (to fail or pause between two of them). */
export interface CommitHooks {
  beforeWrite?: (index: number, target: string) => void;
  beforeRename?: (index: number, target: string) => void;
}

/**
 * Writes every change or none, and a kill at any moment leaves a project the next run puts right:
 * 1. every target is resolved (symlinks followed; nothing outside the project) and checked
 *    writable, not a folder, before anything is written;
 * 2. the journal (.farm/pending.json, phase "writing") lists the temporary files and folders to come;
 * 3. each new content goes to a temporary file beside its real target, with the target's mode
 *    (0600 for a new .env); each existing target gets a hard-linked backup;
 * 4. the journal moves to phase "renaming", then the temporary files are renamed into place
 *    (a rename is atomic on one file system); a failing rename puts the backups back;
 * 5. the journal and the backups are removed.
 * A run killed in 2-3 is undone by the next run, one killed in 4 is finished (see journal.ts).
 */
export function commitChanges(root: string, changes: FileChange[], hooks: CommitHooks = {}): void {
  const realRoot = realpathSync(root);
  if (existsSync(join(realRoot, JOURNAL))) {
    throw new GeneratorError(`${join(realRoot, JOURNAL)} exists: another farm-db run is writing this project`, { hint: 'wait for it to end, then run the command again' });
  }
  const targets = changes.map(change => resolveTarget(realRoot, change.path));
  removeStaleTemps(realRoot, targets);
  const tag = `farm-${process.pid}-${randomBytes(4).toString('hex')}`;
  const dirs = [...new Set([...(existsSync(join(realRoot, '.farm')) ? [] : ['.farm']), ...targets.flatMap(t => t.missingDirs)])];
  const journal: Journal = {
    version: 1,
    pid: process.pid,
    phase: 'writing',
    dirs,
    files: targets.map(t => ({ target: t.real, temp: `${t.real}.${tag}.tmp`, backup: t.exists ? `${t.real}.${tag}.bak` : null })),
  };
  mkdirSync(join(realRoot, '.farm'), { recursive: true });
  try {
    writeJournal(realRoot, journal);
    for (const dir of dirs) mkdirSync(join(realRoot, dir), { recursive: true });
    targets.forEach((target, i) => {
      hooks.beforeWrite?.(i, target.real);
      writeTemp(realRoot, target, journal.files[i]!, changes[i]!.after);
    });
  } catch (error) {
    rollBack(realRoot, journal, new Set());
    throw new GeneratorError(`could not write ${describe(error)}`, { hint: 'nothing was written; fix the cause, then run the command again', cause: error });
  }
  writeJournal(realRoot, { ...journal, phase: 'renaming' });
  const renamed = new Set<string>();
  try {
    journal.files.forEach((file, i) => {
      hooks.beforeRename?.(i, file.target);
      renameSync(join(realRoot, file.temp), join(realRoot, file.target));
      renamed.add(file.target);
    });
  } catch (error) {
    rollBack(realRoot, journal, renamed);
    throw new GeneratorError(`could not write ${describe(error)}; every file was put back as it was`, {
      hint: 'nothing was changed; fix the cause, then run the command again',
      cause: error,
    });
  }
  finish(realRoot, journal);
}

function writeTemp(root: string, target: CommitTarget, file: Journal['files'][number], content: string): void {
  const temp = join(root, file.temp);
  writeFileSync(temp, content, target.mode === undefined ? {} : { mode: target.mode });
  if (target.mode !== undefined) chmodSync(temp, target.mode); // exactly, whatever the umask
  if (file.backup) {
    try {
      linkSync(join(root, file.target), join(root, file.backup));
    } catch {
      copyFileSync(join(root, file.target), join(root, file.backup));
    }
  }
}

/** Temporary files and backups of runs killed before farm-db kept a journal (their process is gone). */
function removeStaleTemps(root: string, targets: CommitTarget[]): void {
  const folders = new Set(targets.map(t => dirname(join(root, t.real))).filter(existsSync));
  for (const folder of folders) {
    for (const name of readdirSync(folder)) {
      const pid = /\.farm-(\d+)-[0-9a-z]+\.(tmp|bak)$/.exec(name)?.[1];
      if (pid && !alive(Number(pid))) rmSync(join(folder, name), { force: true });
    }
  }
}

const describe = (error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  return e.path ? `${e.path} (${e.code ?? e.message})` : e.message;
};

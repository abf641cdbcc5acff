import { existsSync, readFileSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, GeneratorError } from '../errors.ts';

/** `.farm/pending.json`: what a commit in progress is doing, so a killed one can be finished or undone. */
export const JOURNAL = '.farm/pending.json';

export interface JournalFile {
  /** Real path, project-relative. */
  target: string;
  temp: string;
  /** A hard link to the previous content (files that existed), to put back on a rollback. */
  backup: string | null;
}

export interface Journal {
  version: 1;
  pid: number;
  /** 'writing': temporary files are being written (undo them); 'renaming': all are written (finish the renames). */
  phase: 'writing' | 'renaming';
  /** Folders this commit creates, outermost first. */
  dirs: string[];
  files: JournalFile[];
}

/** Written whole to a temporary file and renamed: a reader sees the old journal or the new, never half. */
export function writeJournal(root: string, journal: Journal): void {
  const path = join(root, JOURNAL);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(journal, null, 2)}\n`);
  renameSync(temp, path);
}

export function removeJournal(root: string): void {
  rmSync(join(root, JOURNAL), { force: true });
}

function readJournal(root: string): Journal | undefined {
  const path = join(root, JOURNAL);
  if (!existsSync(path)) return undefined;
  try {
    const journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
    if (journal.version === 1 && Array.isArray(journal.files) && Array.isArray(journal.dirs)) return journal;
  } catch {
    // reported below
  }
  throw new GeneratorError(`${path} is not a journal farm-db can read`, {
    hint: 'an interrupted farm-db commit left it; check the files it lists with git status, then delete it and run the command again',
    exitCode: EXIT.usage,
  });
}

export const alive = (pid: number) => {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes the folders a commit created, innermost first, where they are empty. */
export function removeEmptyDirs(root: string, dirs: string[]): void {
  for (const dir of [...dirs].reverse()) {
    try {
      rmdirSync(join(root, dir));
    } catch {
      // not empty (or already gone): keep it
    }
  }
}

/** Puts every file back as it was before the commit: the undo of a commit that did not finish. */
export function rollBack(root: string, journal: Journal, renamed: Set<string>): void {
  for (const file of journal.files) {
    const target = join(root, file.target);
    if (renamed.has(file.target)) {
      if (file.backup) renameSync(join(root, file.backup), target);
      else rmSync(target, { force: true });
    }
    rmSync(join(root, file.temp), { force: true });
    if (file.backup) rmSync(join(root, file.backup), { force: true });
  }
  removeJournal(root);
  removeEmptyDirs(root, journal.dirs);
}

/** The last step of a commit: every file is in place; only the journal and the backups are left to remove. */
export function finish(root: string, journal: Journal): void {
  for (const file of journal.files) {
    const temp = join(root, file.temp);
    if (existsSync(temp)) renameSync(temp, join(root, file.target));
  }
  // Backups go before the journal: a run killed in between finds the journal and finishes again.
  for (const file of journal.files) if (file.backup) rmSync(join(root, file.backup), { force: true });
  removeJournal(root);
  removeEmptyDirs(root, journal.dirs.filter(dir => dir === '.farm'));
}

/**
 * Run before anything reads the project: a commit killed before all its files were written is
 * undone (the project is as before it), one killed while renaming them is finished (the project
 * is as that run meant to leave it). Waits for a commit another live process is making.
 * Returns what was done, for the user, or undefined when there was nothing to do.
 */
export async function recoverInterruptedCommit(root: string): Promise<string | undefined> {
  let journal = readJournal(root);
  for (let waited = 0; journal && alive(journal.pid) && waited < 10_000; waited += 50) {
    await new Promise(resolve => setTimeout(resolve, 50));
    journal = readJournal(root);
  }
  if (!journal) {
    removeStaleJournalTemps(root);
    return undefined;
  }
  if (alive(journal.pid)) {
    throw new GeneratorError(`another farm-db run (pid ${journal.pid}) is writing this project`, { hint: 'wait for it to end, then run the command again' });
  }
  const files = journal.files.map(file => file.target).join(', ');
  if (journal.phase === 'writing') {
    rollBack(root, journal, new Set());
    removeStaleJournalTemps(root);
    return `an interrupted farm-db run was undone: ${files} are as they were before it`;
  }
  finish(root, journal);
  removeStaleJournalTemps(root);
  return `an interrupted farm-db run was finished: ${files} are written`;
}

/** A run killed while writing the journal itself leaves its temporary file (and maybe an empty .farm). */
function removeStaleJournalTemps(root: string): void {
  const dir = join(root, '.farm');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = /^pending\.json\.(\d+)\.tmp$/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(join(dir, name), { force: true });
  }
  removeEmptyDirs(root, ['.farm']);
}

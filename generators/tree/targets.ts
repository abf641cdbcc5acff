import { accessSync, constants, lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { EXIT, GeneratorError } from '../errors.ts';

/** Where one staged change really lands: symlinks resolved, checked before anything is written. */
export interface CommitTarget {
  /** The path the change was staged under (project-relative). */
  path: string;
  /** The real file to write, relative to the real project root (a symlinked file inside the project is written through). */
  real: string;
  /** The mode the file keeps (existing files) or gets (0600 for a new .env); undefined: the default for new files. */
  mode: number | undefined;
  exists: boolean;
  /** Folders to create for it, outermost first (real, root-relative). */
  missingDirs: string[];
}

const lstatOrUndefined = (path: string): Stats | undefined => {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
};

const AGAIN = 'run the command again; nothing was written';
const usage = (problem: string, hint: string) => new GeneratorError(problem, { hint, exitCode: EXIT.usage });

/** `.env`, `.env.local`, … hold secrets; `.env.example` and its kind are meant to be read by everyone. */
export const isSecretEnvFile = (path: string) => /^\.env(\..+)?$/.test(basename(path)) && !/\.(example|sample|template|dist)$/.test(path);

/**
 * Resolves `path` (project-relative) to the real file it would write, refusing one whose real
 * path leaves the project (a symlink pointing outside), a folder where a file goes, a file
 * where a folder goes, and anything not writable. Nothing is written here.
 */
export function resolveTarget(realRoot: string, path: string): CommitTarget {
  const absolute = join(realRoot, path);
  const missing: string[] = [];
  let existing = absolute;
  while (!lstatOrUndefined(existing)) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  let realExisting: string;
  try {
    realExisting = realpathSync(existing);
  } catch (error) {
    throw usage(`${relative(realRoot, existing)} is a symlink to a path that does not exist`, `fix or remove the link, then ${AGAIN}`);
  }
  const real = join(realExisting, ...missing);
  const rel = relative(realRoot, real);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw usage(
      `${path} would be written to ${real}, outside the project at ${realRoot} (through a symlink)`,
      'farm-db writes only inside the project: replace the link with a folder of the project, or run farm-db where the link points; nothing was written',
    );
  }
  const stats = statSync(realExisting);
  if (missing.length === 0) {
    if (stats.isDirectory()) throw usage(`${path} is a folder, where farm-db needs to write a file`, `move or rename the folder ${path}, then ${AGAIN}`);
    checkWritable(real, path, 'the file');
    checkWritable(dirname(real), path, 'its folder');
    return { path, real: rel.split(sep).join('/'), mode: stats.mode & 0o7777, exists: true, missingDirs: [] };
  }
  if (!stats.isDirectory()) {
    const where = relative(realRoot, realExisting) || '.';
    throw usage(
      `${where} is a file, where farm-db needs a folder to write ${path}`,
      `move or rename the file ${where} (or pick another folder, e.g. --models), then ${AGAIN}`,
    );
  }
  checkWritable(realExisting, path, 'the folder it goes in');
  const missingDirs: string[] = [];
  for (let i = 1; i < missing.length; i++) missingDirs.push(relative(realRoot, join(realExisting, ...missing.slice(0, i))).split(sep).join('/'));
  return { path, real: rel.split(sep).join('/'), mode: isSecretEnvFile(path) ? 0o600 : undefined, exists: false, missingDirs };
}

function checkWritable(absolute: string, path: string, what: string): void {
  try {
    accessSync(absolute, constants.W_OK);
  } catch {
    throw usage(`cannot write ${path}: ${what} (${absolute}) is read-only`, `make it writable (chmod u+w), then ${AGAIN}`);
  }
}

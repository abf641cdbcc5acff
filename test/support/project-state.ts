import { readFileSync, readdirSync, lstatSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file and folder below `dir` (node_modules aside): content, mode and, for links, where
 * they point. Two equal states are the same project, empty folders and permissions included.
 */
export function projectState(dir: string): Map<string, string> {
  const state = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      if (name === 'node_modules') continue;
      const full = join(folder, name);
      const key = relative(dir, full);
      const stats = lstatSync(full);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) state.set(key, `link -> ${readlinkSync(full)}`);
      else if (stats.isDirectory()) {
        state.set(`${key}/`, `folder ${mode}`);
        walk(full);
      } else state.set(key, `${mode} ${readFileSync(full, 'utf8')}`);
    }
  };
  walk(dir);
  return state;
}

/** Files a commit leaves only while it runs. */
export const commitLeftovers = (state: Map<string, string>) => [...state.keys()].filter(key => /\.farm-\d+-[0-9a-z]+\.(tmp|bak)$|pending\.json/.test(key));

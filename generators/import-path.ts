import { posix } from 'node:path';
import type { ProjectLayout } from './detect/project.ts';

/**
 * How `fromFile` imports `toFile` in the user's style: a tsconfig alias when the importing
 * file already uses one, else a relative path, with the user's import extension.
 */
export function importPath(layout: ProjectLayout, fromFile: string, toFile: string, fromSource = ''): string {
  const withoutExt = toFile.replace(/\.ts$/, '');
  const ext = layout.style.importExtension;
  const usesAlias = (prefix: string) => fromSource.includes(`'${prefix}`) || fromSource.includes(`"${prefix}`);
  const alias = layout.aliases.find(a => withoutExt.startsWith(a.target) && usesAlias(a.prefix));
  if (alias) return `${alias.prefix}${withoutExt.slice(alias.target.length)}${ext}`;
  let rel = posix.relative(posix.dirname(fromFile), withoutExt);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return `${rel}${ext}`;
}

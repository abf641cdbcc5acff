import { PROVIDER_DESCRIPTORS } from '../../databases/index.ts';
import type { GeneratorContext } from '../context.ts';

/**
 * A file database (SQLite) keeps its data in the app's data/ folder (file:./data/app.db): it is the developer's
 * local data, never committed. Adds `data/` to the .gitignore that covers the app, unless a line
 * there already ignores it.
 */
export function ignoreDataFolder(ctx: GeneratorContext): void {
  const match = /^file:(?:\.\/)?([\w.-]+)\//.exec(ctx.plan.databaseUrl);
  if (PROVIDER_DESCRIPTORS[ctx.setup.type].storage !== 'file' || !match) return;
  const folder = match[1]!;
  const app = ctx.layout.app ? `${ctx.layout.app}/` : '';
  // The app's own .gitignore, else the root one (where the folder is named from the root).
  const path = ctx.tree.exists(`${app}.gitignore`) || !ctx.tree.exists('.gitignore') ? `${app}.gitignore` : '.gitignore';
  const entry = path === '.gitignore' ? `${app}${folder}` : folder;
  const text = ctx.tree.read(path) ?? '';
  const spellings = [entry, `${entry}/`, `/${entry}`, `/${entry}/`, `${entry}/*`, `/${entry}/*`];
  const ignored = text.split('\n').some(line => spellings.includes(line.trim()));
  if (ignored) return;
  ctx.tree.write(path, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${entry}/\n`);
}

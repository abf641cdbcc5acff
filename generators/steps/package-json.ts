import type { GeneratorContext } from '../context.ts';
import { readJson } from '../detect/project.ts';
import { PACKAGE_VERSION } from '../package-root.ts';

export const MIKRO_ORM_VERSION = '7.2.1';


type Json = Record<string, unknown> & { dependencies?: Record<string, string>; scripts?: Record<string, string> };

/**
 * Adds farm-db, @mikro-orm/core and the provider's package (pinned) and the db:* scripts,
 * keeping key order, indentation and the final newline. Existing entries are never changed.
 */
export function updatePackageJson(ctx: GeneratorContext): void {
  const path = ctx.layout.app ? `${ctx.layout.app}/package.json` : 'package.json';
  const text = ctx.tree.read(path)!;
  const pkg = readJson<Json>(ctx.tree, path)!;
  const wanted: Record<string, string> = {
    'farm-db': `^${PACKAGE_VERSION}`,
    '@mikro-orm/core': MIKRO_ORM_VERSION,
    ...Object.fromEntries(ctx.setup.packages.map(name => [name, MIKRO_ORM_VERSION])),
  };
  pkg.dependencies = addMissing(pkg.dependencies ?? {}, wanted, (name, version) =>
    pkg.devDependencies && name in (pkg.devDependencies as object) ? undefined : version,
  );
  pkg.scripts = addMissing(pkg.scripts ?? {}, { 'db:migrate': 'farm db migrate', 'db:seed': 'farm db seed', 'db:info': 'farm db info' }, (_, v) => v);
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  ctx.tree.write(path, `${JSON.stringify(pkg, null, indent)}${text.endsWith('\n') ? '\n' : ''}`);
}

/** Adds the missing keys; into a sorted object at their sorted place (as npm does), else at the end. */
function addMissing(
  current: Record<string, string>,
  wanted: Record<string, string>,
  value: (name: string, wanted: string) => string | undefined,
): Record<string, string> {
  const keys = Object.keys(current);
  const sorted = keys.every((key, i) => i === 0 || keys[i - 1]!.localeCompare(key) <= 0);
  const result = { ...current };
  for (const [name, version] of Object.entries(wanted)) {
    const v = value(name, version);
    if (!(name in result) && v !== undefined) result[name] = v;
  }
  if (!sorted) return result;
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

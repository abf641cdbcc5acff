import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
const require = createRequire(import.meta.url);
let loaded: Yaml | undefined;

/**
 * The yaml package, loaded on first use: only a pnpm workspace or a compose file needs it, and its
 * 70 modules were a measurable part of a cold `farm db add` that needs neither (SQLite, --url).
 */
export function yaml(): Yaml {
  return (loaded ??= require('yaml') as Yaml);
}

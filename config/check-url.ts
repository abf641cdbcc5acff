import { FarmConfigError } from './errors.ts';
import { redactUrl } from './redact.ts';
import type { ResolvedDatabaseConfig } from './types.ts';
import { PROVIDER_DESCRIPTORS } from '../runtime/providers/descriptors.ts';

/** Checks that `url` parses and its scheme fits `type`; errors name `key` and never show the password. */
export function checkUrl(url: string, type: ResolvedDatabaseConfig['type'], file?: string, key = 'database.url'): void {
  const descriptor = PROVIDER_DESCRIPTORS[type];
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (type === 'sqlite' && (scheme === undefined || url === ':memory:')) return; // a plain file path
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || scheme === undefined) {
    throw new FarmConfigError(`cannot parse the URL ${JSON.stringify(redactUrl(url))}`, {
      key,
      file,
      hint: `write it as ${descriptor.urlSchemes[0]}://user:password@host:port/database (percent-encode special characters in the password)`,
    });
  }
  if (!descriptor.urlSchemes.includes(scheme)) {
    throw new FarmConfigError(`the URL scheme "${scheme}:" does not match database.type "${type}"`, {
      key,
      file,
      hint: `use a ${descriptor.urlSchemes.map(s => `${s}://`).join(' or ')} URL, or change database.type`,
    });
  }
}

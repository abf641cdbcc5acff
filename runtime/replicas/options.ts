import type { ConnectionOptions, Options } from '@mikro-orm/core';

/** The label of a replica in health, metrics and logs: host:port, never a credential. */
export function replicaName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 'default'}`;
}

/**
 * MikroORM's `replicas` for the configured URLs. Each replica takes the primary's pool and driver
 * options (MikroORM copies what a replica leaves out), the scheme the provider chose for the
 * primary's URL (mysql2 does not know mariadb:), and the primary's database when its URL names none.
 */
export function replicaConnectionOptions(urls: readonly string[], primary: Partial<Options>): ConnectionOptions[] {
  const primaryUrl = primary.clientUrl ? new URL(primary.clientUrl) : undefined;
  const primaryDb = primary.dbName ?? primaryUrl?.pathname.replace(/^\//, '');
  const names = new Set<string>();
  return urls.map((url, index) => {
    const parsed = new URL(url);
    if (primaryUrl) parsed.protocol = primaryUrl.protocol;
    if (parsed.pathname.replace(/^\//, '') === '' && primaryDb) parsed.pathname = `/${primaryDb}`;
    let name = replicaName(url);
    if (names.has(name)) name = `${name}#${index + 1}`; // two databases on one server
    names.add(name);
    // A URL keeps its given form (new URL() percent-encodes nothing it does not have to).
    return { name, clientUrl: parsed.toString() };
  });
}

import type { ResolvedDatabaseConfig } from '../../config/types.ts';
import { PROVIDER_DESCRIPTORS } from '../../databases/index.ts';

/** The attributes every span and measurement of one database carries (OpenTelemetry's database conventions). */
export interface ConnectionAttributes {
  'db.system.name': string;
  'db.namespace'?: string;
  'server.address'?: string;
  'server.port'?: number;
}


/** From the resolved config alone: no network call, as the conventions ask of `db.namespace`. */
export function connectionAttributes(config: ResolvedDatabaseConfig): ConnectionAttributes {
  const url = parseUrl(config.url);
  const descriptor = PROVIDER_DESCRIPTORS[config.type];
  const system = descriptor.telemetrySystemByScheme?.[url?.protocol.replace(/:$/, '') ?? ''] ?? descriptor.telemetrySystem;
  const attributes: ConnectionAttributes = { 'db.system.name': system };
  if (descriptor.storage === 'file') {
    const file = config.dbName ?? config.url?.replace(/^(file|sqlite):(\/\/)?/, '');
    if (file) attributes['db.namespace'] = file;
    return attributes;
  }
  const namespace = config.dbName ?? decodeURIComponent(url?.pathname.replace(/^\//, '') ?? '');
  if (namespace) attributes['db.namespace'] = namespace;
  const address = config.host ?? url?.hostname;
  if (address) attributes['server.address'] = address.replace(/^\[|\]$/g, '');
  const port = config.port ?? (url?.port ? Number(url.port) : (descriptor.defaultPort ?? undefined));
  if (port) attributes['server.port'] = port;
  return attributes;
}

/** The pool's name for `db.client.connection.*`, as the conventions suggest: address:port/namespace. */
export function poolName(attributes: ConnectionAttributes): string {
  const server = attributes['server.address'] ? `${attributes['server.address']}:${attributes['server.port'] ?? ''}` : '';
  const namespace = attributes['db.namespace'] ?? '';
  return [server, namespace].filter(Boolean).join('/') || attributes['db.system.name'];
}

function parseUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * A read replica's server, from the name MikroORM logs a replica's queries under (farm-db names
 * replicas `host:port`, `host:port#2` for a second database on one server; see replicas/options.ts).
 */
type ServerAttributes = Pick<ConnectionAttributes, 'server.address' | 'server.port'>;

export function replicaServer(name: string, defaultPort: number | undefined): ServerAttributes | undefined {
  const match = /^(.+):(\d+|default)(?:#\d+)?$/.exec(name);
  if (!match) return undefined;
  const port = match[2] === 'default' ? defaultPort : Number(match[2]);
  return { 'server.address': match[1]!.replace(/^\[|\]$/g, ''), ...(port ? { 'server.port': port } : {}) };
}

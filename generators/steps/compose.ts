import { randomBytes } from 'node:crypto';
import { parseEnv } from 'node:util';
import type { Document } from 'yaml';
import { yaml } from '../lazy-yaml.ts';
import type { GeneratorContext } from '../context.ts';
import { EXIT, GeneratorError } from '../errors.ts';

const LABEL = 'com.farm-db.database';

/**
 * Plans where the app reaches its database. With --url (or a hosted preset, or SQLite) that is
 * the URL; otherwise a compose service is added to the project's compose file through yaml's
 * Document API, keeping comments and every other service. An existing service is never renamed
 * or replaced: a taken name or host port makes farm-db pick the next free one. A service farm-db
 * added before (found by its label) is reused, so a re-run changes nothing.
 */
export function planDatabase(ctx: GeneratorContext): void {
  const { setup, options, layout, tree } = ctx;
  const dir = layout.app ? `${layout.app}/` : '';
  const existingEnv = parseEnv(tree.read(`${dir}.env`) ?? '');
  if (options.url || !setup.compose) {
    ctx.plan = { databaseUrl: options.url ?? setup.url(0, ''), env: {}, envDir: dir };
    if (setup.externalOnly && !options.url) {
      ctx.warnings.push(`${setup.label} is hosted: put its connection URL in DATABASE_URL (.env), or pass --url`);
    }
    return;
  }
  const spec = setup.compose;
  const path = layout.composeFile ?? 'compose.yaml';
  const doc = readCompose(ctx, path);
  const services = doc.get('services', true);
  const ours = yaml().isMap(services)
    ? services.items.find(item => String((doc.getIn(['services', String(item.key), 'labels', LABEL]) as string | undefined) ?? '') === setup.choice)
    : undefined;

  let name: string;
  let port: number;
  if (ours) {
    name = String(yaml().isScalar(ours.key) ? ours.key.value : ours.key);
    port = hostPortOf(doc, name, spec.containerPort) ?? spec.containerPort;
  } else {
    name = freeName(doc, spec.name);
    port = freePort(doc, spec.containerPort);
    const volume = freeVolume(doc, `${spec.name}-data`);
    const portVar = Object.keys(setup.env(port, '')).find(k => k.endsWith('_PORT'))!;
    const service = doc.createNode({
      image: spec.image,
      restart: 'unless-stopped',
      ...(spec.command ? { command: spec.command } : {}),
      ...(Object.keys(spec.environment).length ? { environment: spec.environment } : {}),
      ports: [`\${${portVar}:-${port}}:${spec.containerPort}`],
      healthcheck: { test: spec.healthcheck, interval: '5s', timeout: '5s', retries: 20 },
      volumes: [`${volume}:${spec.volumePath}`],
      labels: { [LABEL]: setup.choice },
    });
    // Port mappings are quoted, as compose's documentation writes them ("5432:5432").
    const ports = service.get('ports', true);
    if (yaml().isSeq(ports)) for (const item of ports.items) if (yaml().isScalar(item)) item.type = yaml().Scalar.QUOTE_DOUBLE;
    doc.setIn(['services', name], service);
    doc.setIn(['volumes', volume], null);
    // An empty volume is written `name:` as compose files do, unless this file spells out `null`.
    const original = tree.read(path) ?? '';
    tree.write(path, doc.toString(/:\s*null\b/.test(original) ? {} : { nullStr: '' }));
  }
  const passwordVar = Object.keys(setup.env(port, '')).find(k => /PASSWORD/.test(k));
  const password = (passwordVar && withoutPrefix(existingEnv[passwordVar], setup.passwordPrefix)) || randomBytes(12).toString('hex');
  const envDir = path.includes('/') ? `${path.slice(0, path.lastIndexOf('/'))}/` : '';
  ctx.plan = { databaseUrl: setup.url(port, password), env: setup.env(port, password), composeService: name, envDir };
}

/** A password read back from .env, without the prefix the database's password rule added (databases/). */
function withoutPrefix(password: string | undefined, prefix: string | undefined): string | undefined {
  return prefix && password?.startsWith(prefix) ? password.slice(prefix.length) : password;
}

function readCompose(ctx: GeneratorContext, path: string): Document {
  const text = ctx.tree.read(path);
  if (text === undefined) return new (yaml().Document)({ services: {} });
  const doc = yaml().parseDocument(text);
  if (doc.errors.length) {
    const error = doc.errors[0]!;
    throw new GeneratorError(`${ctx.tree.absolute(path)}:${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0]}`, {
      hint: 'fix the YAML, then run the command again; nothing was written',
      exitCode: EXIT.usage,
    });
  }
  if (!doc.has('services')) doc.set('services', doc.createNode({}));
  return doc;
}

function freeName(doc: Document, natural: string): string {
  let name = natural;
  for (let i = 2; doc.hasIn(['services', name]); i++) name = `${natural}-${i}`;
  return name;
}

function freeVolume(doc: Document, natural: string): string {
  let name = natural;
  for (let i = 2; doc.hasIn(['volumes', name]); i++) name = `${natural}-${i}`;
  return name;
}

/** Host ports published by every service, from "8080:80", "${X:-5432}:5432" and long forms. */
function usedHostPorts(doc: Document): Set<number> {
  const used = new Set<number>();
  const services = doc.get('services', true);
  if (!yaml().isMap(services)) return used;
  for (const item of services.items) {
    const ports = doc.getIn(['services', String(yaml().isScalar(item.key) ? item.key.value : item.key), 'ports'], true);
    if (!yaml().isSeq(ports)) continue;
    for (const entry of ports.toJSON() as unknown[]) {
      const text = typeof entry === 'object' && entry ? String((entry as { published?: unknown }).published ?? '') : String(entry);
      const host = /^(?:[\d.]+:)?(?:\$\{[A-Z_]+:-)?(\d+)\}?:\d+/.exec(text)?.[1] ?? (/^\d+$/.test(text) ? text : undefined);
      if (host) used.add(Number(host));
    }
  }
  return used;
}

function freePort(doc: Document, natural: number): number {
  const used = usedHostPorts(doc);
  let port = natural;
  while (used.has(port)) port++;
  return port;
}

function hostPortOf(doc: Document, service: string, containerPort: number): number | undefined {
  const ports = doc.getIn(['services', service, 'ports'], true);
  if (!yaml().isSeq(ports)) return undefined;
  for (const entry of ports.toJSON() as unknown[]) {
    const match = new RegExp(`(\\d+)\\}?:${containerPort}$`).exec(String(entry));
    if (match) return Number(match[1]);
  }
  return undefined;
}

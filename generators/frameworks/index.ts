import { express } from './express.ts';
import { fastify } from './fastify.ts';
import { hono } from './hono.ts';
import { koa } from './koa.ts';
import { nestjs } from './nestjs.ts';
import { nodeHttp } from './node-http.ts';
import { trpc } from './trpc.ts';
import type { Framework, FrameworkAdapter } from './types.ts';
import { unknown } from './unknown.ts';

export type { Framework, FrameworkAdapter, StartCall } from './types.ts';

/** Strongest signal first: a Nest app also imports express types, a tRPC standalone app imports node:http. */
export const FRAMEWORKS: readonly FrameworkAdapter[] = [nestjs, trpc, hono, fastify, express, koa, nodeHttp];

export function adapterFor(framework: Framework): FrameworkAdapter {
  return FRAMEWORKS.find(adapter => adapter.name === framework) ?? unknown;
}

/** Which framework the entry uses, from its imports, then from package.json. */
export function detectFramework(entrySource: string, dependencies: Record<string, string>): Framework {
  const imports = (name: string) => new RegExp(`(from\\s+|require\\(\\s*|import\\s+)['"]${name}['"]`).test(entrySource);
  const byImport = FRAMEWORKS.find(adapter => adapter.imports.some(imports));
  if (byImport) return byImport.name;
  return FRAMEWORKS.find(adapter => adapter.dependencies.some(name => name in dependencies))?.name ?? 'unknown';
}

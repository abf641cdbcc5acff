export type Framework = 'express' | 'fastify' | 'koa' | 'node-http' | 'unknown';

/** Which HTTP framework the entry uses, from its imports, then from package.json. */
export function detectFramework(entrySource: string, dependencies: Record<string, string>): Framework {
  const imports = (name: string) => new RegExp(`(from\\s+|require\\()\\s*['"]${name}['"]`).test(entrySource);
  if (imports('fastify')) return 'fastify';
  if (imports('express')) return 'express';
  if (imports('koa')) return 'koa';
  if (imports('node:http') || imports('http')) return 'node-http';
  if ('fastify' in dependencies) return 'fastify';
  if ('express' in dependencies) return 'express';
  if ('koa' in dependencies) return 'koa';
  return 'unknown';
}

import { parseEnv } from 'node:util';
import type { GeneratorContext } from '../context.ts';
import { setupTitle } from '../database-setup.ts';

/**
 * Adds DATABASE_URL and the compose variables to .env and .env.example, only where a
 * variable is absent: an existing value is never changed. Makes sure .env is git-ignored.
 */
export function updateEnvFiles(ctx: GeneratorContext): void {
  const { tree, plan, setup } = ctx;
  const dir = ctx.layout.app ? `${ctx.layout.app}/` : '';
  const name = ctx.layout.urlVariable; // DATABASE_URL, or FARM_DATABASE_URL when the app reads DATABASE_URL itself
  const values = { [name]: plan.databaseUrl, ...plan.env };
  if (ctx.options.switching) {
    replaceValue(ctx, `${dir}.env`, name, plan.databaseUrl, `# ${name} before farm db switch to ${setupTitle(setup)}:`);
    replaceValue(ctx, `${dir}.env.example`, name, redactSecret(name, plan.databaseUrl, plan.env));
  }
  appendMissing(ctx, `${dir}.env`, values, setupTitle(setup));
  const example = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, redactSecret(k, v, plan.env)]));
  appendMissing(ctx, `${dir}.env.example`, example, setupTitle(setup));
  if (plan.envDir !== dir) appendMissing(ctx, `${plan.envDir}.env`, plan.env, setupTitle(setup)); // compose reads the .env beside it
  ignoreEnv(ctx, dir);
  const existingUrl = parseEnv(tree.readOriginal(`${dir}.env`) ?? '')[name];
  if (existingUrl !== undefined && existingUrl !== plan.databaseUrl && ctx.options.url && !ctx.options.switching) {
    ctx.warnings.push(`${dir}.env already sets ${name}; it was left as it is (the --url you gave is not used there)`);
  }
}

/** Sets `key` where it is defined; the previous line is kept, commented, under `keepOldAs` (never lost). */
function replaceValue(ctx: GeneratorContext, path: string, key: string, value: string, keepOldAs?: string): void {
  const text = ctx.tree.read(path);
  if (text === undefined) return;
  const current = parseEnv(text)[key];
  if (current === undefined || current === value) return;
  const line = new RegExp(`^(export\\s+)?${key}\\s*=.*$`, 'm');
  const old = line.exec(text)?.[0];
  if (!old) return;
  const replacement = `${keepOldAs ? `${keepOldAs}\n# ${old}\n` : ''}${key}=${quoteIfNeeded(value)}`;
  ctx.tree.write(path, text.replace(line, () => replacement));
}

function appendMissing(ctx: GeneratorContext, path: string, values: Record<string, string>, label: string): void {
  const text = ctx.tree.read(path) ?? '';
  const present = parseEnv(text);
  const missing = Object.entries(values).filter(([key]) => !(key in present));
  if (missing.length === 0) return;
  const separator = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  const block = [`# ${label} (added by farm-db)`, ...missing.map(([k, v]) => `${k}=${quoteIfNeeded(v)}`)].join('\n');
  ctx.tree.write(path, `${text}${separator}${block}\n`);
}

function redactSecret(key: string, value: string, env: Record<string, string>): string {
  if (/PASSWORD/.test(key)) return 'change-me';
  let result = value;
  for (const [k, v] of Object.entries(env)) if (/PASSWORD/.test(k) && v) result = result.split(v).join('change-me');
  return result;
}

function quoteIfNeeded(value: string): string {
  return /[\s#"'{}]/.test(value) ? `'${value}'` : value;
}

function ignoreEnv(ctx: GeneratorContext, dir: string): void {
  const candidates = [`${dir}.gitignore`, '.gitignore'];
  for (const path of candidates) {
    const text = ctx.tree.read(path);
    if (text !== undefined && text.split('\n').some(line => /^\/?\.env(\*|\.\*)?\s*$/.test(line.trim()) || line.trim() === '*.env')) return;
  }
  const path = ctx.tree.exists('.gitignore') ? '.gitignore' : candidates[0]!;
  const text = ctx.tree.read(path) ?? '';
  ctx.tree.write(path, `${text}${text && !text.endsWith('\n') ? '\n' : ''}.env\n`);
}

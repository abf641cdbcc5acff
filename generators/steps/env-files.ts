import { parseEnv } from 'node:util';
import type { GeneratorContext } from '../context.ts';
import { isSecretKey, redactUrl } from '../../config/redact.ts';
import { setupTitle } from '../database-setup.ts';

/**
 * Adds DATABASE_URL and the compose variables to .env and .env.example, only where a
 * variable is absent: an existing value is never changed. Makes sure .env is git-ignored.
 */
export function updateEnvFiles(ctx: GeneratorContext): void {
  const { plan, setup } = ctx;
  const dir = ctx.layout.app ? `${ctx.layout.app}/` : '';
  const name = ctx.layout.urlVariable; // DATABASE_URL, or FARM_DATABASE_URL when the app reads DATABASE_URL itself
  const values = { [name]: plan.databaseUrl, ...plan.env };
  if (ctx.options.switching) {
    replaceValue(ctx, `${dir}.env`, name, plan.databaseUrl, `# ${name} before farm db switch to ${setupTitle(setup)}:`);
    replaceValue(ctx, `${dir}.env.example`, name, redactSecret(name, plan.databaseUrl, plan.env));
    for (const file of ['.env', '.env.example']) renameSection(ctx, `${dir}${file}`, name, setupTitle(setup));
  } else if (ctx.options.url) {
    // --url is explicit intent, also on a re-run; .env.example keeps its placeholder.
    replaceValue(ctx, `${dir}.env`, name, plan.databaseUrl, `# ${name} before farm db add --url:`);
  }
  appendMissing(ctx, `${dir}.env`, values, setupTitle(setup));
  const example = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, redactSecret(k, v, plan.env)]));
  appendMissing(ctx, `${dir}.env.example`, example, setupTitle(setup));
  if (plan.envDir !== dir) appendMissing(ctx, `${plan.envDir}.env`, plan.env, setupTitle(setup)); // compose reads the .env beside it
  ignoreEnv(ctx, dir);
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

/** The header of the section farm-db added `key` in names the provider the value is now for. */
function renameSection(ctx: GeneratorContext, path: string, key: string, title: string): void {
  const text = ctx.tree.read(path);
  if (text === undefined) return;
  const lines = text.split('\n');
  const at = lines.findIndex(line => new RegExp(`^(export\\s+)?${key}\\s*=`).test(line));
  // The nearest header above it, within its section (a blank line ends a section).
  for (let i = at - 1; i >= 0 && lines[i]!.trim() !== ''; i--) {
    const header = /^# (.+) \(added by farm-db\)$/.exec(lines[i]!);
    if (!header) continue;
    if (header[1] === title) return;
    lines[i] = `# ${title} (added by farm-db)`;
    ctx.tree.write(path, lines.join('\n'));
    return;
  }
}

function appendMissing(ctx: GeneratorContext, path: string, values: Record<string, string>, label: string): void {
  const text = ctx.tree.read(path) ?? '';
  const present = parseEnv(text);
  const missing = Object.entries(values).filter(([key]) => !(key in present));
  if (missing.length === 0) return;
  const header = `# ${label} (added by farm-db)`;
  const lines = missing.map(([k, v]) => `${k}=${quoteIfNeeded(v)}`);
  // The file already ends with this provider's section (a switch renamed it): the variables join it.
  const lastSection = text.trimEnd().split(/\n\s*\n/).at(-1) ?? '';
  if (lastSection.split('\n')[0] === header && text.endsWith('\n') && !text.endsWith('\n\n')) {
    ctx.tree.write(path, `${text}${lines.join('\n')}\n`);
    return;
  }
  const separator = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  const block = [header, ...lines].join('\n');
  ctx.tree.write(path, `${text}${separator}${block}\n`);
}

/** What .env.example (committed) gets: a placeholder for every password, also one inside a --url. */
function redactSecret(key: string, value: string, env: Record<string, string>): string {
  if (isSecretKey(key)) return 'change-me';
  let result = redactUrl(value, 'change-me');
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

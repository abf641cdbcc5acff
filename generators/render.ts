import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { DatabaseType } from '../databases/index.ts';
import { PACKAGE_ROOT } from './package-root.ts';

const TEMPLATES = join(PACKAGE_ROOT, 'templates/base/database');
const cache = new Map<string, HandlebarsTemplateDelegate>();

/**
 * Renders `templates/base/database/<type>/<name>.hbs`, falling back to `_shared/<name>.hbs`.
 * Output is code, so nothing is HTML-escaped.
 */
export function renderTemplate(type: DatabaseType | '_shared', name: string, data: object): string {
  const specific = join(TEMPLATES, type, `${name}.hbs`);
  const file = existsSync(specific) ? specific : join(TEMPLATES, '_shared', `${name}.hbs`);
  let template = cache.get(file);
  if (!template) {
    template = Handlebars.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: true });
    cache.set(file, template);
  }
  return template(data);
}

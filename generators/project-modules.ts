import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Lets the CLI import the app's own TypeScript (its models) the way its compiler sees it:
 * `./user.js` written for a `.ts` file, extensionless imports, `index.ts` folders and tsconfig
 * `paths` aliases. TypeScript files written with `import` syntax load as ES modules even in a
 * CommonJS package, since they are only read for their model definitions.
 */
export function allowProjectImports(root: string, aliases: { prefix: string; target: string }[]): void {
  const candidates = (base: string) => [base, `${base}.ts`, base.replace(/\.(c|m)?js$/, '.$1ts'), join(base, 'index.ts')];
  const existing = (base: string) => candidates(base).find(path => path.endsWith('.ts') && existsSync(path));
  registerHooks({
    resolve(specifier, context, next) {
      try {
        return next(specifier, context);
      } catch (error) {
        const alias = aliases.find(a => specifier === a.prefix || specifier.startsWith(`${a.prefix}/`));
        let base: string | undefined;
        if (alias) base = join(root, alias.target, specifier.slice(alias.prefix.length));
        else if (specifier.startsWith('.') && context.parentURL?.startsWith('file:')) base = resolvePath(fileURLToPath(context.parentURL), '..', specifier);
        const found = base && existing(base);
        if (!found) throw error;
        return { url: pathToFileURL(found).href, shortCircuit: true };
      }
    },
    load(url, context, next) {
      if (url.startsWith('file:') && url.endsWith('.ts') && !url.includes('/node_modules/')) {
        const source = readFileSync(fileURLToPath(url), 'utf8');
        if (/^\s*(import|export)\s/m.test(source)) return { format: 'module-typescript', source, shortCircuit: true };
      }
      return next(url, context);
    },
  });
}

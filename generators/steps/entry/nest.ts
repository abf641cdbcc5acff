import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { GeneratorContext } from '../../context.ts';
import { formatToStyle, statement } from '../../format.ts';
import { importPath } from '../../import-path.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { imports, propertyAssignment, hasProperty, topLevelClass } from '../syntax/nodes.ts';
import { parseOrFail } from '../syntax/parse.ts';
import { writeGenerated } from '../templates.ts';
import { resolveImport } from './app-file.ts';
import { afterLineComment, applyEdits, indentOf, insertBefore, type Edit } from './edits.ts';
import { listenCalls } from '../../frameworks/listen.ts';
import { nestRoutePath } from '../../frameworks/nest-prefix.ts';
import { enclosingStatement } from './find.ts';

function render(name: string, data: object): string {
  const file = join(PACKAGE_ROOT, 'templates/nestjs', `${name}.hbs`);
  return Handlebars.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: true })(data);
}

/**
 * NestJS: a global DatabaseModule (initialize in onModuleInit, close in onApplicationShutdown) with
 * its /health/db controller, imported by the root module; `app.enableShutdownHooks()` in main.ts so
 * SIGTERM closes the HTTP server (in-flight requests finish) before the database closes. No
 * process.on anywhere: Nest owns the signals.
 */
export function wireNest(ctx: GeneratorContext): void {
  const { tree, layout } = ctx;
  const style = layout.style;
  const ext = style.importExtension;
  const dir = layout.databaseDir;
  const terminus = layout.terminus !== undefined;
  writeGenerated(ctx, `${dir}/database.module.ts`, formatToStyle(render('database.module.ts', { ext, terminus }), style));
  if (terminus) {
    // Terminus 11 made HealthIndicatorService public and deprecated the HealthIndicator base class 10 has.
    const indicatorService = Number(/^\d+/.exec(layout.terminus!)?.[0] ?? 11) >= 11;
    writeGenerated(ctx, `${dir}/database.health.ts`, formatToStyle(render('terminus/database.health.ts', { indicatorService }), style));
    writeGenerated(ctx, `${dir}/health.controller.ts`, formatToStyle(render('terminus/health.controller.ts', { ext }), style));
  } else {
    writeGenerated(ctx, `${dir}/health.controller.ts`, formatToStyle(render('health.controller.ts', { ext }), style));
  }

  const main = parseOrFail(tree, layout.entry, tree.read(layout.entry)!);
  ctx.healthRoute = nestRoutePath(main, 'health/db');
  const mainEdits: Edit[] = [];
  const listen = listenCalls(main)[0];
  if (!main.text.includes('enableShutdownHooks')) {
    const target = listen && enclosingStatement(main, listen.call);
    const app = listen?.app && main.textOf(listen.app);
    if (target && app) mainEdits.push(insertBefore(main, target, [`${app}.enableShutdownHooks();`], style));
    else {
      const title = `let Nest close the app on SIGTERM (${layout.entry}, before listen)`;
      ctx.manualSteps.push({ title, snippet: statement('app.enableShutdownHooks();', style) });
    }
  }
  if (mainEdits.length) tree.write(layout.entry, applyEdits(main.text, mainEdits));

  // The root module: the one NestFactory.create() is given.
  const create = main.all('CallExpression').find(c => /^NestFactory\.create/.test(main.textOf(c.callee)));
  const rootArgument = create?.arguments[0];
  const rootName = rootArgument && main.textOf(rootArgument);
  const imported = rootName && imports(main).find(d => d.specifiers.some(n => n.type === 'ImportSpecifier' && n.local.name === rootName));
  const modulePath = imported ? resolveImport(tree, layout.entry, imported.source.value) : undefined;
  const snippet = statement(`import { DatabaseModule } from '${importPath(layout, modulePath ?? layout.entry, `${dir}/database.module.ts`)}';`, style) +
    '\n// and DatabaseModule in the imports of @Module({ imports: [...] })';
  if (!modulePath || !rootName) {
    ctx.manualSteps.push({ title: `import DatabaseModule in your root Nest module`, snippet });
    return;
  }
  const text = tree.read(modulePath)!;
  if (/\bDatabaseModule\b/.test(text)) return;
  const file = parseOrFail(tree, modulePath, text);
  const decorator = topLevelClass(file, rootName)?.decorators.find(d => d.expression.type === 'CallExpression' && file.textOf(d.expression.callee) === 'Module');
  const options = decorator?.expression.type === 'CallExpression' ? decorator.expression.arguments[0] : undefined;
  if (options?.type !== 'ObjectExpression') {
    ctx.manualSteps.push({ title: `import DatabaseModule in ${modulePath}`, snippet });
    return;
  }
  const edits: Edit[] = [];
  const array = propertyAssignment(options, 'imports')?.value;
  if (array?.type === 'ArrayExpression') {
    const first = array.elements[0];
    const at = array.start + 1;
    if (!first) edits.push({ start: at, end: at, text: 'DatabaseModule' });
    else if (file.lineAt(first.start) === file.lineAt(array.start)) {
      edits.push({ start: first.start, end: first.start, text: 'DatabaseModule, ' });
    }
    else edits.push({ start: first.start, end: first.start, text: `DatabaseModule,\n${indentOf(file, first)}` });
  } else if (!hasProperty(options, 'imports')) {
    const first = options.properties[0];
    if (first) edits.push({ start: first.start, end: first.start, text: `imports: [DatabaseModule],\n${indentOf(file, first)}` });
    else edits.push({ start: options.start + 1, end: options.start + 1, text: ' imports: [DatabaseModule] ' });
  } else {
    ctx.manualSteps.push({ title: `add DatabaseModule to the imports of ${rootName} (${modulePath})`, snippet });
    return;
  }
  const specifier = importPath(layout, modulePath, `${dir}/database.module.ts`, text);
  const last = imports(file).at(-1);
  const importLine = statement(`import { DatabaseModule } from '${specifier}';`, style);
  const at = last ? afterLineComment(file, last.end) : 0;
  edits.push({ start: at, end: at, text: last ? `\n${importLine}` : `${importLine}\n` });
  tree.write(modulePath, applyEdits(text, edits));
}

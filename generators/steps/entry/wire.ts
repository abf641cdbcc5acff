import type { GeneratorContext } from '../../context.ts';
import { importPath } from '../../import-path.ts';
import { codemodProject, matchSemicolons } from '../codemod-project.ts';
import { parseOrFail } from '../parse.ts';
import { addHealthRoute } from './health-route.ts';
import { initializeBeforeListen } from './initialize.ts';
import { addShutdown } from './shutdown.ts';

/**
 * Wires the DatabaseManager into the app's entry: import, initialize before listen,
 * /health/db, shutdown. Each part checks before it inserts, so a re-run changes nothing.
 */
export function wireEntry(ctx: GeneratorContext): void {
  const { tree, layout } = ctx;
  const source = tree.read(layout.entry)!;
  const file = parseOrFail(codemodProject(layout.style), tree, layout.entry, source);
  // Without import extensions (CommonJS resolution) the folder itself resolves to its index.
  const target = layout.style.importExtension ? `${layout.databaseDir}/index.ts` : `${layout.databaseDir}.ts`;
  const specifier = importPath(layout, layout.entry, target, source);
  const importsDb = file.getImportDeclarations().some(d => d.getNamedImports().some(n => n.getName() === 'db'));
  if (!importsDb) {
    const last = file.getImportDeclarations().at(-1);
    file.insertImportDeclaration(last ? last.getChildIndex() + 1 : 0, { namedImports: ['db'], moduleSpecifier: specifier });
  }
  // The route first: it goes in before listen, and initialize() then sits directly above listen.
  if (!addHealthRoute(file, layout.framework, layout.style)) {
    ctx.warnings.push(`could not find where ${layout.entry} creates its ${layout.framework} app: add a /health/db route answering db.healthCheck()`);
  }
  if (!initializeBeforeListen(file, layout.style)) {
    ctx.warnings.push(`no .listen() call in ${layout.entry}: call \`await db.initialize()\` before your server starts`);
  }
  addShutdown(file, layout.framework, layout.style);
  tree.write(layout.entry, matchSemicolons(file.getFullText(), layout.style));
}

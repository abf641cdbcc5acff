import { Node, SyntaxKind, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import type { GeneratorContext } from '../context.ts';
import { EXIT, GeneratorError } from '../errors.ts';
import { codemodProject, parseForPrinting } from './codemod-project.ts';

/** Sets `database.type` (and `url` when missing) in an existing farm.config.ts, keeping everything else. */
export function editFarmConfig(ctx: GeneratorContext, path: string, existing: string): void {
  const { tree, layout, setup } = ctx;
  const file = parseForPrinting(codemodProject(layout.style), tree, path, existing);
  const config = defaultExportedObject(file);
  if (!config) {
    throw new GeneratorError(`${tree.absolute(path)} does not export an object literal as its default export`, {
      hint: 'make it `export default defineConfig({ ... })` so farm-db can add the database block',
      exitCode: EXIT.usage,
    });
  }
  const q = (text: string) => `${layout.style.quote}${text}${layout.style.quote}`;
  const fromEnv = `\${${layout.urlVariable}}`;
  const database = config.getProperty('database');
  if (!database) {
    // Keep the object's own habit for a comma after the last property.
    const trailingComma = /,\s*(\/\/[^\n]*\s*)?\}$/.test(config.getText());
    file.getProject().manipulationSettings.set({ useTrailingCommas: trailingComma });
    const added = config.addPropertyAssignment({
      name: 'database',
      initializer: `{\ntype: ${q(setup.type)},\nurl: ${q(fromEnv)},\n}`,
    });
    added.formatText(); // in the file's indentation (from the project's manipulation settings)
  } else {
    const block = Node.isPropertyAssignment(database) ? database.getInitializerIfKind(SyntaxKind.ObjectLiteralExpression) : undefined;
    if (!block) {
      throw new GeneratorError(`${tree.absolute(path)}: \`database\` is not an object literal`, {
        hint: 'write it as database: { type: …, url: … } so farm-db can update it',
        exitCode: EXIT.usage,
      });
    }
    setProperty(block, 'type', q(setup.type), true);
    // A switch replaces a url written into the file; one read from the environment stays.
    const url = block.getProperty('url');
    const readsEnv = url !== undefined && /\$\{\w+\}/.test(url.getText());
    setProperty(block, 'url', q(fromEnv), Boolean(ctx.options.switching) && !readsEnv);
  }
  tree.write(path, file.getFullText());
}

function setProperty(block: ObjectLiteralExpression, name: string, value: string, replace: boolean): void {
  const property = block.getProperty(name);
  if (!property) {
    block.insertPropertyAssignment(name === 'type' ? 0 : 1, { name, initializer: value });
    return;
  }
  if (!replace || !Node.isPropertyAssignment(property)) return;
  const current = property.getInitializer()?.getText();
  if (current && current.slice(1, -1) !== value.slice(1, -1)) property.setInitializer(value);
}

function defaultExportedObject(file: SourceFile): ObjectLiteralExpression | undefined {
  const assignment = file.getExportAssignment(e => !e.isExportEquals());
  let expression: Node | undefined = assignment?.getExpression();
  if (expression && Node.isIdentifier(expression)) {
    expression = file.getVariableDeclaration(expression.getText())?.getInitializer();
  }
  if (expression && Node.isCallExpression(expression)) expression = expression.getArguments()[0];
  if (expression && Node.isSatisfiesExpression(expression)) expression = expression.getExpression();
  return expression && Node.isObjectLiteralExpression(expression) ? expression : undefined;
}

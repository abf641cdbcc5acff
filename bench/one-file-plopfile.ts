// The benchmark's baseline: a plop generator that only adds one templated file.
import type { NodePlopAPI } from 'node-plop';

export default function (plop: NodePlopAPI): void {
  plop.setGenerator('one', {
    description: 'add one file',
    prompts: [{ type: 'input', name: 'name', message: 'name' }],
    actions: [{ type: 'add', path: 'src/{{kebabCase name}}.ts', template: "export const {{camelCase name}} = '{{name}}';\n" }],
  });
}

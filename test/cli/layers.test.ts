import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO } from '../support/generated-project.ts';

/** Every relative import (static or dynamic) of every .ts file below `folder`. */
function importGraph(folders: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) {
        const source = readFileSync(full, 'utf8');
        const targets = [...source.matchAll(/(?:from\s+|import\()\s*'(\.{1,2}\/[^']+\.ts)'/g)].map(m => relative(REPO, resolve(dirname(full), m[1]!)));
        graph.set(relative(REPO, full), targets);
      }
    }
  };
  for (const folder of folders) walk(join(REPO, folder));
  return graph;
}

const layers = suite('the CLI layer');

layers('generators/ never imports cli/', () => {
  const offenders = [...importGraph(['generators'])].filter(([, targets]) => targets.some(t => t.startsWith('cli/'))).map(([file]) => file);
  assert.equal(offenders, []);
});

layers('cli/ has no import cycles', () => {
  const graph = importGraph(['cli']);
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (path.includes(file)) return void cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
    for (const target of graph.get(file) ?? []) if (target.startsWith('cli/')) visit(target, [...path, file]);
  };
  for (const file of graph.keys()) visit(file, []);
  assert.equal(cycles, []);
});

layers('bin/farm.ts starts cli/main.ts', () => {
  assert.match(readFileSync(join(REPO, 'bin/farm.ts'), 'utf8'), "import('../cli/main.ts')");
});

layers.run();

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO } from '../support/generated-project.ts';

// ts-morph's bundled TypeScript has the JS API (the project's own `typescript` 7 is the native compiler, no API).
const { ts } = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');

/**
 * The layers of docs/architecture.md, lowest first: a folder imports only folders of lower layers.
 * Folders of one layer do not import each other. The root files sit one layer above what they open
 * (index.ts, the `farm-db` entry, re-exports config/ and databases/).
 */
const LAYERS: string[][] = [
  ['databases'],
  ['config'],
  ['index.ts', 'runtime'],
  ['migrations', 'portability', 'dashboard', 'testing'],
  ['generators'],
  ['cli', 'plopfile.ts'],
  ['bin'],
];
const layerOf = new Map(LAYERS.flatMap((folders, layer) => folders.map(folder => [folder, layer] as const)));

/**
 * A dynamic import() loads its module when called, not when the importer loads: the runtime loads the
 * layers above it on demand this way, and only here (db.dashboard(), db.migrations()).
 */
const ON_DEMAND = new Set(['runtime/manager.ts -> dashboard/handler.ts', 'runtime/manager.ts -> migrations/open.ts']);

interface Edge {
  from: string;
  to: string;
  dynamic: boolean;
}

/** Every relative import of every .ts file of the layered folders, as repository paths. */
function imports(): Edge[] {
  const edges: Edge[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
      return;
    }
    if (!path.endsWith('.ts')) return;
    const source = readFileSync(path, 'utf8');
    const dynamic = new Set([...source.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map(m => m[1]));
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      edges.push({ from: relative(REPO, path), to: relative(REPO, resolve(dirname(path), fileName)), dynamic: dynamic.has(fileName) });
    }
  };
  for (const entry of layerOf.keys()) visit(join(REPO, entry));
  return edges;
}

const top = (path: string) => path.split('/')[0]!;
const edges = imports();
const between = edges.filter(e => top(e.from) !== top(e.to));

const layers = suite('the layers of farm-db');

layers('every layered file is seen (the test reads the sources it checks)', () => {
  for (const file of ['databases/index.ts', 'runtime/manager.ts', 'dashboard/handler.ts', 'cli/main.ts']) {
    assert.ok(edges.some(e => e.from === file), `${file} read`);
  }
});

layers('no import crosses the layers downwards: databases → config → runtime → migrations/portability/dashboard/testing → generators → cli', () => {
  const against = between
    .filter(e => !(e.dynamic && ON_DEMAND.has(`${e.from} -> ${e.to}`)))
    .filter(e => (layerOf.get(top(e.to)) ?? -1) >= (layerOf.get(top(e.from)) ?? -1))
    .map(e => `${e.from} -> ${e.to}`);
  assert.equal(against, []);
});

layers('no import cycle between top-level folders (static imports, type-only ones included)', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of between.filter(e => !e.dynamic)) {
    if (!graph.has(top(e.from))) graph.set(top(e.from), new Set());
    graph.get(top(e.from))!.add(top(e.to));
  }
  const cycles: string[] = [];
  const walk = (folder: string, path: string[]) => {
    if (path.includes(folder)) return void cycles.push([...path.slice(path.indexOf(folder)), folder].join(' -> '));
    for (const next of graph.get(folder) ?? []) walk(next, [...path, folder]);
  };
  for (const folder of graph.keys()) walk(folder, []);
  assert.equal(cycles, []);
});

layers('only the runtime loads its upper layers on demand, and only through the listed imports', () => {
  const dynamicUp = between.filter(e => e.dynamic && (layerOf.get(top(e.to)) ?? -1) > (layerOf.get(top(e.from)) ?? -1));
  assert.equal(dynamicUp.map(e => `${e.from} -> ${e.to}`).sort(), [...ON_DEMAND].sort());
});

layers('outside runtime/, code reaches the runtime through its entries: index.ts, internal.ts (errors.ts alone for the CLI table)', () => {
  const entries = new Set(['runtime/index.ts', 'runtime/internal.ts', 'runtime/errors.ts']);
  const deep = between.filter(e => top(e.to) === 'runtime' && !entries.has(e.to)).map(e => `${e.from} -> ${e.to}`);
  assert.equal(deep, []);
});

layers('databases/ is data: its files import nothing but each other', () => {
  const outside = edges.filter(e => top(e.from) === 'databases' && top(e.to) !== 'databases').map(e => `${e.from} -> ${e.to}`);
  assert.equal(outside, []);
  for (const name of readdirSync(join(REPO, 'databases'))) {
    const packages = ts.preProcessFile(readFileSync(join(REPO, 'databases', name), 'utf8'), true, true).importedFiles.filter(i => !i.fileName.startsWith('.'));
    assert.equal(packages.map(i => i.fileName), [], `databases/${name} imports no package`);
  }
});

layers.run();

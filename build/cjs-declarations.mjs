// Writes the CommonJS-typed entry (.d.cts) that each `require` export condition in package.json names.
//
// farm-db ships one ESM build. Node >= 22.12 loads it with require() (require(esm)), so a CommonJS app runs it
// as is; but TypeScript before 5.8 does not model require(esm): a CommonJS file importing an ESM-typed package
// gets TS1479. Each .d.cts re-exports the entry's ESM declarations from a CommonJS-typed file, so CommonJS
// apps typecheck on TypeScript >= 5.0. No second JavaScript build, so no dual-package hazard (one
// DatabaseManager class however it was loaded). The re-export itself is a library-file diagnostic on
// TypeScript < 5.8 (MikroORM's own declarations are ESM-only too): apps check with skipLibCheck, as
// `tsc --init` and the framework starters set it.
// Plain .mjs: the build also runs on `npm install <git url>` (prepare).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** The .d.cts files package.json's exports name under "require", with the ESM declaration beside each. */
export function commonJsEntries(exportsMap) {
  return Object.values(exportsMap).flatMap(target => {
    const cts = typeof target === 'object' ? target.require?.types : undefined;
    return cts?.endsWith('.d.cts') ? [{ cts, esm: target.types }] : [];
  });
}

const entries = commonJsEntries(pkg.exports);
for (const { cts, esm } of entries) {
  const from = `./${basename(esm).replace(/\.d\.ts$/, '.js')}`;
  writeFileSync(new URL(cts, root), `// CommonJS-typed entry for require(); the package is ESM, loaded by Node's require(esm).\nexport * from '${from}';\n`);
}
console.log(`cjs-declarations: ${entries.length} CommonJS-typed entries`);

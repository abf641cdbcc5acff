import type { TsconfigFacts } from './tsconfig.ts';

/** What the app's compiler accepts in a generated file, and what Node then runs. */
export interface ModuleSystem {
  module: 'esm' | 'cjs';
  /** `import.meta` compiles (module es2020+, node16+ in an ES module, preserve, system). */
  importMeta: boolean;
  /** Top-level `await` compiles (module es2022+, node16+ in an ES module, preserve, system). */
  topLevelAwait: boolean;
  /** How it was decided, for messages and tests. */
  reason: string;
}

const ES_TARGETS = ['es3', 'es5'];

/**
 * ESM or CommonJS as tsc decides it for a .ts file of the app: `module` from the tsconfig
 * (after `extends`), else tsc's default (CommonJS when the target is below ES2015, else ES2015,
 * and node16/nodenext when only moduleResolution names them); node16/node18/node20/nodenext
 * follow the package.json `type`. Without a tsconfig the package.json `type` decides.
 */
export function moduleSystem(tsconfig: TsconfigFacts, packageType: string | undefined): ModuleSystem {
  const esmPackage = packageType === 'module';
  if (!tsconfig.file) {
    const module = esmPackage ? 'esm' : 'cjs';
    return { module, importMeta: esmPackage, topLevelAwait: esmPackage, reason: `no tsconfig; package.json type ${packageType ?? 'commonjs'}` };
  }
  const resolution = tsconfig.moduleResolution;
  const declared = tsconfig.module
    ?? (resolution === 'node16' || resolution === 'nodenext' ? resolution : undefined);
  const kind = declared ?? (ES_TARGETS.includes(tsconfig.target ?? 'es5') ? 'commonjs' : 'es2015');
  const from = declared ? `module ${kind}` : `no module, target ${tsconfig.target ?? 'es5 (default)'} -> ${kind}`;
  if (/^node(16|18|20|next)$/.test(kind)) {
    const module = esmPackage ? 'esm' : 'cjs';
    return { module, importMeta: esmPackage, topLevelAwait: esmPackage, reason: `${from}; package.json type ${packageType ?? 'commonjs'}` };
  }
  if (kind === 'commonjs' || kind === 'amd' || kind === 'umd') return { module: 'cjs', importMeta: false, topLevelAwait: false, reason: from };
  if (kind === 'es2015' || kind === 'es6') return { module: 'esm', importMeta: false, topLevelAwait: false, reason: from };
  if (kind === 'es2020') return { module: 'esm', importMeta: true, topLevelAwait: false, reason: from };
  // es2022, esnext, preserve, system: both allowed. (preserve keeps the syntax as written: ESM here.)
  return { module: 'esm', importMeta: true, topLevelAwait: true, reason: from };
}

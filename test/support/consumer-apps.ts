/**
 * Tiny TypeScript apps that consume the packed farm-db the way real apps do: one install (the tarball, two
 * TypeScript versions, @types/node) in a temp folder, and one app folder per module setting below it, each
 * with its own package.json "type" and tsconfig. Modules resolve upwards to the shared node_modules, as in a
 * workspace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** The oldest TypeScript farm-db supports and a current 5.x (the one the issue names CJS apps failing on in between). */
export const TYPESCRIPT_VERSIONS = ['5.0.4', '5.7.3', '5.9.3'] as const;
export type TypeScriptVersion = (typeof TYPESCRIPT_VERSIONS)[number];

export type Resolution = 'node10' | 'node16' | 'nodenext' | 'bundler';
/** How the app loads farm-db: ESM `import`, CommonJS `import` (compiled to require), CommonJS `import x = require()`. */
export type Loading = 'esm-import' | 'cjs-import' | 'cjs-require';

export interface Consumer {
  resolution: Resolution;
  loading: Loading;
  /** The `module` setting that goes with the resolution and the module system. */
  module: string;
  /** The oldest TypeScript with that setting (module "preserve" came in 5.4). */
  since: TypeScriptVersion;
}

export function consumer(resolution: Resolution, loading: Loading): Consumer {
  const esm = loading === 'esm-import';
  const module = { node10: esm ? 'es2022' : 'commonjs', node16: 'node16', nodenext: 'nodenext', bundler: esm ? 'esnext' : 'preserve' }[resolution];
  return { resolution, loading, module, since: module === 'preserve' ? '5.7.3' : '5.0.4' };
}

// The CLI the app's own `tsc` is, per version (installed under npm aliases).
const tscOf = (root: string, version: TypeScriptVersion) => join(root, 'node_modules', `typescript-${version}`, 'bin/tsc');

const IMPORT_SOURCE = `import { DatabaseManager } from 'farm-db/runtime';
import { defineConfig } from 'farm-db';

const config = defineConfig({ database: { type: 'sqlite', url: ':memory:' } });
`;
const REQUIRE_SOURCE = `import farmRuntime = require('farm-db/runtime');
import farm = require('farm-db');

const { DatabaseManager } = farmRuntime;
const config = farm.defineConfig({ database: { type: 'sqlite', url: ':memory:' } });
`;
// The @ts-expect-error fails the typecheck when farm-db's types resolved to nothing (any), so a pass means typed.
const BODY = `
// @ts-expect-error: 'nosql' is not a database type, which only real types can tell
new DatabaseManager({ type: 'nosql', url: ':memory:' });

async function main(): Promise<void> {
  const db = new DatabaseManager(config.database);
  await db.initialize();
  const health = await db.healthCheck();
  await db.shutdown();
  console.log(JSON.stringify({ status: health.status, loadedBy: typeof require === 'function' ? 'require' : 'import' }));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
`;

export interface ConsumerWorkspace {
  root: string;
  /** Writes the app folder for a consumer; its path. */
  app(c: Consumer): string;
  /** `tsc -p <app>` with that TypeScript (noEmit unless emit); exit code and output. */
  tsc(app: string, version: TypeScriptVersion, emit?: boolean): { code: number | null; output: string };
  /** Runs the emitted out/main.js with this Node. */
  node(app: string): { code: number | null; stdout: string; stderr: string };
  cleanup(): void;
}

export function consumerWorkspace(tarball: string): ConsumerWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'farm-consumers-'));
  const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH].join(delimiter), npm_config_audit: 'false', npm_config_fund: 'false' };
  try {
    writeFileSync(join(root, 'package.json'), `${JSON.stringify({ name: 'consumers', private: true })}\n`);
    const typescripts = TYPESCRIPT_VERSIONS.map(v => `typescript-${v}@npm:typescript@${v}`);
    const install = spawnSync('npm', ['install', '--prefer-offline', '--loglevel=error', tarball, '@types/node@22', ...typescripts], { cwd: root, env, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`npm install in ${root} failed:\n${install.stdout}${install.stderr}`);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    root,
    app(c) {
      const dir = join(root, 'apps', `${c.resolution}-${c.loading}`);
      mkdirSync(dir, { recursive: true });
      const type = c.loading === 'esm-import' ? 'module' : 'commonjs';
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `app-${c.resolution}-${c.loading}`, private: true, type }, null, 2)}\n`);
      // What `tsc --init` writes (strict, skipLibCheck, esModuleInterop), with the setting under test.
      const compilerOptions = {
        target: 'es2022', module: c.module, moduleResolution: c.resolution, strict: true, esModuleInterop: true,
        skipLibCheck: true, types: ['node'], outDir: 'out', rootDir: '.',
      };
      writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, files: ['main.ts'] }, null, 2)}\n`);
      writeFileSync(join(dir, 'main.ts'), `${c.loading === 'cjs-require' ? REQUIRE_SOURCE : IMPORT_SOURCE}${BODY}`);
      return dir;
    },
    tsc(app, version, emit = false) {
      const result = spawnSync(process.execPath, [tscOf(root, version), '-p', app, ...(emit ? [] : ['--noEmit'])], { encoding: 'utf8', env });
      return { code: result.status, output: `${result.stdout}${result.stderr}` };
    },
    node(app) {
      const result = spawnSync(process.execPath, [join(app, 'out/main.js')], { cwd: app, encoding: 'utf8', env, timeout: 60_000 });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

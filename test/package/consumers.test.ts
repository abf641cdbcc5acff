import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TYPESCRIPT_VERSIONS, consumer, consumerWorkspace, type ConsumerWorkspace, type Loading, type Resolution } from '../support/consumer-apps.ts';
import { packFarmDb } from '../support/packed-app.ts';

const test = suite<{ workspace: ConsumerWorkspace }>('apps consume the packed farm-db with every module setting', {} as never);
test.before(context => {
  context.workspace = consumerWorkspace(packFarmDb());
});
test.after(context => context.workspace?.cleanup());

const RESOLUTIONS: Resolution[] = ['node10', 'node16', 'nodenext', 'bundler'];
const LOADINGS: Loading[] = ['esm-import', 'cjs-import', 'cjs-require'];
const PHRASE: Record<Loading, string> = {
  'esm-import': 'an ESM app importing',
  'cjs-import': 'a CommonJS app importing (compiled to require)',
  'cjs-require': 'a CommonJS app using `import x = require()`',
};

for (const resolution of RESOLUTIONS) {
  for (const loading of LOADINGS) {
    // module "preserve" leaves `import` statements to a bundler: only `import x = require()` is CommonJS there.
    if (resolution === 'bundler' && loading === 'cjs-import') continue;
    const c = consumer(resolution, loading);
    const versions = TYPESCRIPT_VERSIONS.filter(v => v >= c.since);
    test(`moduleResolution ${resolution} (module ${c.module}), ${PHRASE[loading]} farm-db/runtime: tsc ${versions.join(', ')} pass, node runs initialize + healthCheck + shutdown on SQLite`, ({ workspace }) => {
      const app = workspace.app(c);
      // The newest version's check is the emitting run: tsc exits non-zero on a type error whether it emits or not.
      for (const version of versions) {
        const check = workspace.tsc(app, version, version === versions.at(-1));
        assert.is(check.code, 0, `TypeScript ${version}, ${resolution}/${loading}:\n${check.output}`);
      }
      const run = workspace.node(app);
      assert.is(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout.trim().split('\n').at(-1)!), { status: 'pass', loadedBy: loading === 'esm-import' ? 'import' : 'require' });
    });
  }
}

test.run();

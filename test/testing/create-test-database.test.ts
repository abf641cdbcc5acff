import { spawn } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase } from '../../testing/index.ts';
import { HOST_TAG } from '../../testing/names.ts';
import { Author, MODELS } from '../support/models.ts';
import { deadPid, TESTING_TARGETS } from './support/servers.ts';

for (const target of TESTING_TARGETS) {
  const s = suite(`createTestDatabase [${target.name}]`);

  s('gives a database with a recognisable name and the schema in it', async () => {
    const test = await createTestDatabase({ config: target.config, models: MODELS });
    try {
      assert.match(test.name, new RegExp(`^farm_test_${HOST_TAG}_${process.pid}_\\d+$`));
      await test.db.transaction(async em => void em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
      assert.is(await test.db.em.count(Author), 1);
    } finally {
      await test.drop();
    }
  });

  s('gives each call a database of its own', async () => {
    const [first, second] = await Promise.all([
      createTestDatabase({ config: target.config, models: MODELS }),
      createTestDatabase({ config: target.config, models: MODELS }),
    ]);
    try {
      assert.is.not(first.name, second.name);
      await first.db.transaction(async em => void em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
      assert.is(await second.db.em.count(Author), 0);
    } finally {
      await Promise.all([first.drop(), second.drop()]);
    }
  });

  s('drop() removes the database', async () => {
    const test = await createTestDatabase({ config: target.config, models: MODELS });
    assert.ok(await target.exists(test.name));
    await test.drop();
    assert.not.ok(await target.exists(test.name));
  });

  s('drops the databases left by a run whose process is gone', async () => {
    const stale = `farm_test_${HOST_TAG}_${await deadPid()}_1`;
    await target.leave(stale);
    const test = await createTestDatabase({ config: target.config, models: MODELS });
    await test.drop();
    assert.not.ok(await target.exists(stale));
  });

  s('leaves the databases of a run that is still going', async () => {
    const alive = `farm_test_${HOST_TAG}_${process.ppid}_1`;
    await target.leave(alive);
    try {
      const test = await createTestDatabase({ config: target.config, models: MODELS });
      await test.drop();
      assert.ok(await target.exists(alive));
    } finally {
      const { testServer } = await import('../../testing/servers/index.ts');
      await testServer(target.config).drop([alive]);
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    s(`drops the database when the run is interrupted (${signal})`, async () => {
      const name = await interruptedRun(target.config, signal);
      assert.not.ok(await target.exists(name));
    });
  }

  s('drops the database when the process exits without drop()', async () => {
    const name = await interruptedRun(target.config, 'exit');
    assert.not.ok(await target.exists(name));
  });

  s.run();
}

/** A child that makes a test database, says its name, then is signalled (or exits on its own). */
async function interruptedRun(config: object, how: 'SIGTERM' | 'SIGINT' | 'exit'): Promise<string> {
  const script = `
    import { createTestDatabase } from ${JSON.stringify(new URL('../../testing/index.ts', import.meta.url).href)};
    import { MODELS } from ${JSON.stringify(new URL('../support/models.ts', import.meta.url).href)};
    const test = await createTestDatabase({ config: ${JSON.stringify(config)}, models: MODELS });
    console.log(test.name);
    ${how === 'exit' ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const name = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output.trim());
    });
    child.on('exit', code => (output.includes('\n') ? undefined : reject(new Error(`child exited (${code}) before creating a database`))));
  });
  const exited = new Promise(resolve => child.on('exit', resolve));
  if (how !== 'exit') child.kill(how);
  await exited;
  return name;
}

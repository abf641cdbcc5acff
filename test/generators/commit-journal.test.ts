import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planAdd } from '../../generators/db-add.ts';
import { commitChanges } from '../../generators/tree/commit.ts';
import { JOURNAL, recoverInterruptedCommit } from '../../generators/tree/journal.ts';
import type { FileChange } from '../../generators/tree/tree.ts';
import { REPO, copyFixture, farm } from '../support/generated-project.ts';
import { commitLeftovers, projectState } from '../support/project-state.ts';
import { removeAtExit } from '../support/temp-dirs.ts';

const fixture = () => copyFixture('express-esm');
const plan = async (dir: string): Promise<FileChange[]> => (await planAdd({ dir, choice: 'sqlite', force: false })).tree.changes();

const commit = suite('db add: the commit is all or nothing, and recoverable');

commit('a rename that fails part-way puts every file back as it was, with no temporary file left', async () => {
  const dir = fixture();
  const before = projectState(dir);
  const changes = await plan(dir);
  assert.ok(changes.length > 5, 'a real plan of several files');
  const failAtFourth = (index: number) => {
    if (index === 3) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
  };
  assert.throws(() => commitChanges(dir, changes, { beforeRename: failAtFourth }), /every file was put back as it was/);
  const after = projectState(dir);
  assert.equal(commitLeftovers(after), []);
  assert.equal(after, before);
});

commit('a target that is a folder is refused before the first write: exit 2, file named, no stack, nothing written', () => {
  const dir = fixture();
  // (A folder inside src/database would make farm-db write to src/farm-db instead: the folder counts as the app's.)
  mkdirSync(join(dir, 'farm.config.ts'), { recursive: true });
  const before = projectState(dir);
  const result = farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, 'farm.config.ts is a folder');
  assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(projectState(dir), before);
});

commit('stale temporary files of a killed older run are removed by the next commit', async () => {
  const dir = fixture();
  writeFileSync(join(dir, 'src/index.ts.farm-999999-abc123.tmp'), 'half-written\n');
  const result = farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir);
  assert.is(result.code, 0, result.stderr);
  assert.equal(commitLeftovers(projectState(dir)), []);
});

commit('killed with SIGKILL at 30 random moments of its commit, the next run leaves the project as before or as a clean run does', async () => {
  const reference = fixture();
  const before = projectState(reference);
  const changes = await plan(reference);
  const changesFile = join(reference, '..', `changes-${process.pid}.json`);
  writeFileSync(changesFile, JSON.stringify(changes));
  removeAtExit(changesFile);
  const clean = fixture();
  commitChanges(clean, changes);
  const cleanState = projectState(clean);
  const pauseMs = 4;
  const window = changes.length * 2 * pauseMs + 20;
  let interrupted = 0;
  for (let run = 0; run < 30; run++) {
    const dir = fixture();
    const child = spawn(process.execPath, [join(REPO, 'test/support/commit-worker.ts'), dir, changesFile, String(pauseMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    // Listened for from the start: the worker may finish its commit before the kill comes.
    const exited = new Promise(resolve => child.once('exit', resolve));
    await Promise.race([new Promise<void>(resolve => child.stdout.once('data', () => resolve())), exited]);
    await new Promise(resolve => setTimeout(resolve, Math.random() * window));
    child.kill('SIGKILL');
    await exited;
    if (existsSync(join(dir, JOURNAL))) interrupted++;
    await recoverInterruptedCommit(dir);
    const state = projectState(dir);
    assert.equal(commitLeftovers(state), [], `run ${run}: no temporary file left`);
    const asBefore = JSON.stringify([...state]) === JSON.stringify([...before]);
    const asClean = JSON.stringify([...state]) === JSON.stringify([...cleanState]);
    assert.ok(asBefore || asClean, `run ${run}: the project is neither as before nor as a clean run leaves it`);
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(interrupted >= 10, `most kills land inside the commit (${interrupted} of 30 did)`);
});

commit.run();

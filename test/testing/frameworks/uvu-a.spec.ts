import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { signupSpec } from './signup-spec.ts';

const s = suite('signup');
signupSpec({
  beforeAll: fn => s.before(fn),
  afterAll: fn => s.after(fn),
  beforeEach: fn => s.before.each(fn),
  afterEach: fn => s.after.each(fn),
  test: (title, fn) => s(title, fn),
  equal: assert.is,
});
s.run();

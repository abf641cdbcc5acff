import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { signupSpec } from './signup-spec.ts';

signupSpec({ beforeAll: before, afterAll: after, beforeEach, afterEach, test, equal: assert.equal });

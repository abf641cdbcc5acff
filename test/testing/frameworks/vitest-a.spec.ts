import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { signupSpec } from './signup-spec.ts';

signupSpec({ beforeAll, afterAll, beforeEach, afterEach, test, equal: (actual, expected) => expect(actual).toBe(expected) });

import * as assert from 'uvu/assert';
import { FarmConfigError } from '../../config/errors.ts';

/** Runs fn, which must throw a FarmConfigError; returns it. */
export function configError(fn: () => unknown): FarmConfigError {
  try {
    fn();
  } catch (error) {
    assert.instance(error, FarmConfigError);
    return error as FarmConfigError;
  }
  throw new Error('expected a FarmConfigError');
}

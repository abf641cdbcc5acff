import { suite, type Test } from 'uvu';

/**
 * A suite that needs a server this machine does not have. Without `envVar` it prints one
 * skip line and registers its tests as skipped, so they are counted as skipped, never passed.
 */
export function optionalSuite<T>(title: string, envVar: string, context: T): { test: Test<T>; url: string | undefined } {
  const url = process.env[envVar];
  const test = suiteUnless(title, url ? null : `set ${envVar} to run it against a real server`, context);
  return { test, url };
}

/** As optionalSuite, for a suite that finds out itself whether the machine can run it: `reason` says why not (null: it can). */
export function suiteUnless<T>(title: string, reason: string | null, context: T): Test<T> {
  const s = suite<T>(title, context);
  if (reason === null) return s;
  console.log(`skip: ${title}: ${reason}`);
  const skipping = ((name: string) => s.skip(name, () => undefined)) as unknown as Test<T>;
  Object.assign(skipping, { run: () => s.run(), skip: s.skip, only: s.skip, before: s.before, after: s.after });
  return skipping;
}

import { suite, type Test } from 'uvu';

/**
 * A suite that needs a server this machine does not have. Without `envVar` it prints one
 * skip line and registers its tests as skipped, so they are counted as skipped, never passed.
 */
export function optionalSuite<T>(title: string, envVar: string, context: T): { test: Test<T>; url: string | undefined } {
  const url = process.env[envVar];
  const s = suite<T>(title, context);
  if (url) return { test: s, url };
  console.log(`skip: ${title}: set ${envVar} to run it against a real server`);
  const skipping = ((name: string) => s.skip(name, () => undefined)) as unknown as Test<T>;
  Object.assign(skipping, { run: () => s.run(), skip: s.skip, only: s.skip, before: s.before, after: s.after });
  return { test: skipping, url };
}

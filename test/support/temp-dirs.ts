/**
 * Temp folders for tests: made in the system temp folder and removed when the test process exits, also when
 * a test failed before its own clean-up (test/run.ts fails the run if any farm-* folder is left behind).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder named `<prefix>XXXXXX` (start prefixes with farm-), removed at exit at the latest. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Any other folder a test makes (a fixture copy, say), removed at exit at the latest. */
export function removeAtExit(dir: string): string {
  made.add(dir);
  return dir;
}

/** Removes a folder made by tempDir now. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

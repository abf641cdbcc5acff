import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Tree } from '../../generators/tree/tree.ts';

/**
 * Writes a small project (path → content; objects become JSON) to a temp folder, runs `fn` on a
 * Tree over it and always removes the folder. For detection rules that need a few files only.
 */
export function withProject<T>(files: Record<string, string | object>, fn: (tree: Tree) => T): T {
  const dir = writeProject(files);
  try {
    return fn(new Tree(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same for async work: the folder is removed once `fn` settles. */
export async function withProjectAsync<T>(files: Record<string, string | object>, fn: (tree: Tree) => Promise<T>): Promise<T> {
  const dir = writeProject(files);
  try {
    return await fn(new Tree(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeProject(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'farm-detect-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export const EXPRESS_ENTRY = "import express from 'express';\nconst app = express();\napp.listen(Number(process.env.PORT));\n";

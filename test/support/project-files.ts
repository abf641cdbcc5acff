import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Tree } from '../../generators/tree/tree.ts';

/**
 * Writes a small project (path → content; objects become JSON) to a temp folder, runs `fn` on a
 * Tree over it and always removes the folder. For detection rules that need a few files only.
 */
export function withProject<T>(files: Record<string, string | object>, fn: (tree: Tree) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'farm-detect-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    return fn(new Tree(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const EXPRESS_ENTRY = "import express from 'express';\nconst app = express();\napp.listen(Number(process.env.PORT));\n";

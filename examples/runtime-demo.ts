/**
 * `npm run demo`: farm-db's runtime on the embedded SQLite default, end to end.
 * Writes a farm.config.ts into a temporary project, loads it, runs two transactions
 * (one rolled back), prints the health check and the monitor's figures, shuts down.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseManager, defineEntity, p } from '../runtime/index.ts';

const Author = defineEntity({
  name: 'Author',
  properties: {
    id: p.string().primary().onCreate(() => randomUUID()),
    name: p.string(),
    books: () => p.oneToMany(Book).mappedBy('author'),
  },
});

const Book = defineEntity({
  name: 'Book',
  properties: {
    id: p.string().primary().onCreate(() => randomUUID()),
    title: p.string(),
    author: () => p.manyToOne(Author),
  },
});

const project = mkdtempSync(join(tmpdir(), 'farm-demo-'));
const entry = new URL('../index.ts', import.meta.url).pathname;
writeFileSync(
  join(project, 'farm.config.ts'),
  `import { defineConfig } from '${entry}';

export default defineConfig({
  database: {
    type: 'sqlite',
    url: '\${DATABASE_URL:-file:./data/app.db}',
    schema: 'update',
    slowQueryMs: 200,
  },
});
`,
);

const step = (text: string) => console.log(`  ✓ ${text}`);
console.log('farm-db runtime demo: SQLite through node:sqlite');
console.log(`  project: ${project}`);

const db = await DatabaseManager.fromProject(project);
db.registerModels([Author, Book]);
await db.initialize();
step(`initialized ${db.config.type} at ${db.config.url} with models ${db.modelNames.join(', ')}`);

await db.transaction(async em => {
  const author = em.create(Author, { name: 'Ada Lovelace' });
  em.create(Book, { title: 'Notes on the Analytical Engine', author });
  em.create(Book, { title: 'Sketch of the Analytical Engine', author });
});
step(`transaction committed: ${await db.em.count(Author, {})} author, ${await db.em.count(Book, {})} books`);

try {
  await db.transaction(async em => {
    em.create(Author, { name: 'Nobody' });
    await em.flush();
    throw new Error('changed my mind');
  });
} catch (error) {
  step(`transaction rolled back on "${(error as Error).message}": still ${await db.em.count(Author, {})} author`);
}

const health = await db.healthCheck();
console.log(`\nhealthCheck() → ${health.status}`);
console.log(JSON.stringify(health, null, 2));

const { total, byKind, latencyMs, pool } = db.monitor.snapshot();
const kinds = Object.entries(byKind)
  .filter(([, c]) => c.count > 0)
  .map(([kind, c]) => `${kind} ${c.count}`)
  .join(', ');
console.log(`\nmonitor: ${total.count} queries (${kinds}), ${total.errors} errors, p95 ${latencyMs.p95} ms; pool ${JSON.stringify(pool)}`);

await db.shutdown();
step('shut down');
rmSync(project, { recursive: true, force: true });
if (health.status !== 'pass') process.exitCode = 1;

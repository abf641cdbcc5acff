/** A separate process that applies migrations: `node migrate-worker.ts <config json> <migrations dir>`. */
import { openForMigrations } from './migration-project.ts';
import { NoteV1 } from './migration-models.ts';

const [config, dir] = process.argv.slice(2);
const db = await openForMigrations(JSON.parse(config!), dir!, [NoteV1]);
try {
  process.stdout.write(JSON.stringify(await db.migrate()));
} finally {
  await db.shutdown();
}

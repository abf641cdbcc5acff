/** A separate process that applies the migrations of a folder: `node migrate-dir-worker.ts <config json> <dir>`; prints "migrating" first. */
import { openForMigrations } from './migration-project.ts';
import { NoteV1 } from './migration-models.ts';

const [config, dir] = process.argv.slice(2);
const db = await openForMigrations(JSON.parse(config!), dir!, [NoteV1]);
process.stdout.write('migrating\n');
try {
  await db.migrate();
  process.stdout.write('done\n');
} finally {
  await db.shutdown();
}

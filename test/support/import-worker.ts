/** Imports a snapshot in its own process: `node import-worker.ts <config json> <snapshot dir> <batch size>`. */
import { importSnapshot } from '../../portability/index.ts';
import { openPortable } from './portable-project.ts';

const [config, dir, batchSize] = process.argv.slice(2);
const db = await openPortable(JSON.parse(config!), 'none');
try {
  await importSnapshot(db, dir!, { batchSize: Number(batchSize) });
} finally {
  await db.shutdown();
}

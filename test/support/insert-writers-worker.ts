/** Another process writing to a database: `node insert-writers-worker.ts <config json> <count>` adds that many writers. */
import { openPortable } from './portable-project.ts';
import { Writer } from './portable-models.ts';

const [config, count] = process.argv.slice(2);
const db = await openPortable(JSON.parse(config!), 'none');
try {
  await db.transaction(async em => {
    for (let i = 0; i < Number(count); i++) em.create(Writer, { name: `written during the move ${i}`, publisher: null, address: null });
  });
} finally {
  await db.shutdown();
}

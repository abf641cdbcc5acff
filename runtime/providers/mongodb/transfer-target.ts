import type { MikroORM } from '@mikro-orm/core';
import { mongoDatabase } from './database.ts';
import { mongoLinks } from './links.ts';
import { linkOf, TRANSFER_PROGRESS_TABLE, type TransferTarget } from '../transfer.ts';

/**
 * Bulk loading for MongoDB: unordered insertMany (through MikroORM, which maps property names to
 * fields), then the progress document. Without multi-document transactions a crash can fall
 * between the two; a resumed batch then finds some documents already there and skips them
 * (duplicate _id), so nothing is stored twice. Many-to-many links are added to their owners'
 * arrays (see mongoLinks), which a repeated batch leaves as they are.
 */
export function mongoTransferTarget(orm: MikroORM): TransferTarget {
  const driver = orm.em.getDriver();
  const links = mongoLinks(orm);
  const progress = async () => (await mongoDatabase(orm)).collection<{ _id: string; loaded: number }>(TRANSFER_PROGRESS_TABLE);
  return {
    // No multi-document transactions: a crash can fall between a batch and its progress.
    atomicBatches: false,
    async loaded(runId, model) {
      return (await (await progress()).findOne({ _id: `${runId}:${model}` }))?.loaded ?? 0;
    },
    async loadBatch(meta, rows, { runId, model, loadedAfter, sent }) {
      sent?.();
      const link = linkOf(meta);
      if (link) await links.add(link, rows);
      else if (rows.length) {
        // MikroORM's field mapping (id → _id, ObjectId conversion), then one unordered insertMany.
        const mongo = driver as unknown as { renameFields(entity: unknown, data: object): Record<string, unknown> };
        // MikroORM keeps an owner's many-to-many collection as an array, [] when empty: a document
        // without it loads with the collection uninitialized. The links are added after (see mongoLinks).
        const arrays = meta.props.filter(prop => prop.kind === 'm:n' && prop.owner).map(prop => prop.fieldNames[0]!);
        const documents = rows.map(row => {
          const document = mongo.renameFields(meta.class, { ...row });
          for (const field of arrays) document[field] ??= [];
          return document;
        });
        const collection = (await mongoDatabase(orm)).collection(meta.collection);
        await collection.insertMany(documents, { ordered: false }).catch(error => {
          const failures = (error as { writeErrors?: { code: number }[] }).writeErrors ?? [];
          if (!isDuplicateKey(error) || failures.some(e => e.code !== 11000)) throw error;
        });
      }
      await (await progress()).updateOne({ _id: `${runId}:${model}` }, { $set: { loaded: loadedAfter } }, { upsert: true });
    },
    // MongoDB has no sequences: keys are whatever the records carry.
    finishModel: async () => undefined,
    count(meta) {
      const link = linkOf(meta);
      return link ? links.count(link) : driver.count(meta.class, {});
    },
    async clear(meta) {
      const link = linkOf(meta);
      await (link ? links.clear(link) : driver.nativeDelete(meta.class, {}));
    },
    async finish(runId) {
      await (await progress()).deleteMany({ _id: { $regex: `^${runId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:` } });
    },
  };
}

function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: number; cause?: { code?: number }; message?: string };
  return e.code === 11000 || e.cause?.code === 11000 || /E11000/.test(e.message ?? '');
}

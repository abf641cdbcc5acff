import type { MikroORM } from '@mikro-orm/core';
import type { Collection, Document } from 'mongodb';
import { mongoDatabase } from './database.ts';
import type { LinkModel, PageRequest } from '../transfer.ts';

/**
 * A many-to-many relation as MongoDB keeps it (an array of referenced keys in each owning
 * document), read and written as the pivot rows a transfer carries (see LinkModel).
 */
export function mongoLinks(orm: MikroORM) {
  const collection = async (link: LinkModel): Promise<Collection> => (await mongoDatabase(orm)).collection(link.owner.collection);
  const fields = (link: LinkModel) => ({ owner: link.owner.getPrimaryProp().fieldNames[0]!, array: link.property.fieldNames[0]! });

  return {
    /**
     * One page of links: owners in key order, each owner's links in array order. The page after
     * `after` goes on from that link's place in its owner's array (one lookup), then with the
     * next owners: no page re-reads the ones before it.
     */
    async page(link: LinkModel, { after, limit }: PageRequest): Promise<Record<string, unknown>[]> {
      const { owner, array } = fields(link);
      const links = await collection(link);
      const rows: { o: unknown; t: unknown }[] = [];
      if (after) {
        const [from, target] = [after[link.ownerKey], after[link.targetKey]];
        const document = await links.findOne({ [owner]: from }, { projection: { [array]: 1 } });
        const targets = Array.isArray(document?.[array]) ? (document[array] as unknown[]) : [];
        const position = targets.findIndex(value => sameKey(value, target));
        for (const t of targets.slice(position + 1, position + 1 + limit)) rows.push({ o: from, t });
      }
      if (rows.length < limit) {
        const next = after ? { [owner]: { $gt: after[link.ownerKey] } } : {};
        const more = links.aggregate<{ o: unknown; t: unknown }>(
          [
            { $match: { [array]: { $type: 'array', $ne: [] }, ...next } },
            { $sort: { [owner]: 1 } },
            { $project: { _id: 0, o: `$${owner}`, t: `$${array}` } },
            { $unwind: '$t' },
            { $limit: limit - rows.length },
          ],
          { allowDiskUse: true },
        );
        rows.push(...(await more.toArray()));
      }
      return rows.map(({ o, t }) => ({ [link.ownerKey]: o, [link.targetKey]: t }));
    },

    /** Links in all owning documents together. */
    async count(link: LinkModel): Promise<number> {
      const { array } = fields(link);
      const [total] = await (await collection(link))
        .aggregate<{ n: number }>([{ $unwind: `$${array}` }, { $count: 'n' }])
        .toArray();
      return total?.n ?? 0;
    },

    /**
     * Adds links to their owners' arrays ($addToSet: a batch stored again after a crash adds
     * nothing twice). Every owner must be stored already: a link to a missing one is an error.
     */
    async add(link: LinkModel, rows: Record<string, unknown>[]): Promise<void> {
      const { owner, array } = fields(link);
      // MikroORM's own conversion of keys (id → _id, hex strings → ObjectId where the key is one).
      const driver = orm.em.getDriver() as unknown as { renameFields(entity: unknown, data: object): Document };
      const byOwner = new Map<string, { key: unknown; targets: unknown[] }>();
      for (const row of rows) {
        const id = String(row[link.ownerKey]);
        let entry = byOwner.get(id);
        if (!entry) byOwner.set(id, (entry = { key: row[link.ownerKey], targets: [] }));
        entry.targets.push(row[link.targetKey]);
      }
      const updates = [...byOwner.values()].map(({ key, targets }) => {
        const document = driver.renameFields(link.owner.class, { [link.owner.primaryKeys[0]!]: key, [link.property.name]: targets });
        return { updateOne: { filter: { [owner]: document[owner] }, update: { $addToSet: { [array]: { $each: document[array] } } } } };
      });
      if (updates.length === 0) return;
      const result = await (await collection(link)).bulkWrite(updates, { ordered: false });
      if (result.matchedCount < updates.length) {
        throw new Error(`${link.owner.className}.${link.property.name} links name ${updates.length - result.matchedCount} ${link.owner.className} records that are not in the database`);
      }
    },

    /** Empties every owner's array. */
    async clear(link: LinkModel): Promise<void> {
      const { array } = fields(link);
      await (await collection(link)).updateMany({ [array]: { $exists: true } }, { $set: { [array]: [] } });
    },
  };
}

/** Whether two keys from a document are the same (ObjectIds are distinct objects of equal text). */
function sameKey(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && String(a) === String(b);
}

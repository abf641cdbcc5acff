import type { Db, Document, IndexSpecification } from 'mongodb';

/** One step of a MongoDB migration (the JSON Schema in schema.json is the reference). */
export type MongoOperation =
  | { op: 'createCollection'; collection: string; options?: Document }
  | { op: 'dropCollection'; collection: string }
  | { op: 'createIndex'; collection: string; keys: Record<string, 1 | -1 | 'text' | '2dsphere' | 'hashed'>; options?: { name?: string; unique?: boolean; sparse?: boolean; expireAfterSeconds?: number } }
  | { op: 'dropIndex'; collection: string; name: string }
  | { op: 'renameCollection'; collection: string; to: string }
  | { op: 'renameField'; collection: string; field: string; to: string }
  | { op: 'setField'; collection: string; field: string; value: unknown }
  | { op: 'unsetField'; collection: string; field: string }
  | { op: 'updateMany'; collection: string; filter: Document; update: Document | Document[] };

export interface MongoMigrationFile {
  $schema?: string;
  id: string;
  description: string;
  up: MongoOperation[];
  down: MongoOperation[];
}

/** Applies one operation. Each is written to be safe to repeat, since MongoDB DDL is not transactional. */
export async function applyOperation(db: Db, operation: MongoOperation): Promise<void> {
  const collection = db.collection(operation.collection);
  switch (operation.op) {
    case 'createCollection':
      if (!(await exists(db, operation.collection))) await db.createCollection(operation.collection, operation.options);
      return;
    case 'dropCollection':
      if (await exists(db, operation.collection)) await collection.drop();
      return;
    case 'createIndex':
      await collection.createIndex(operation.keys as IndexSpecification, operation.options ?? {});
      return;
    case 'dropIndex':
      if ((await collection.indexExists(operation.name).catch(() => false))) await collection.dropIndex(operation.name);
      return;
    case 'renameCollection':
      await collection.rename(operation.to);
      return;
    case 'renameField':
      await collection.updateMany({ [operation.field]: { $exists: true } }, { $rename: { [operation.field]: operation.to } });
      return;
    case 'setField':
      await collection.updateMany({ [operation.field]: { $exists: false } }, { $set: { [operation.field]: operation.value } });
      return;
    case 'unsetField':
      await collection.updateMany({ [operation.field]: { $exists: true } }, { $unset: { [operation.field]: '' } });
      return;
    case 'updateMany':
      await collection.updateMany(operation.filter, operation.update);
      return;
  }
}

/** One line per operation, for `--sql` (which shows MongoDB operations) and error messages. */
export function describeOperation(operation: MongoOperation): string {
  const { op, collection, ...rest } = operation;
  return `${op} ${collection} ${JSON.stringify(rest)}`.replace(/ \{\}$/, '');
}

async function exists(db: Db, name: string): Promise<boolean> {
  return (await db.listCollections({ name }, { nameOnly: true }).toArray()).length > 0;
}

import { EntityMetadata, ReferenceKind, UnderscoreNamingStrategy, type EntityProperty, type MikroORM } from '@mikro-orm/core';
import { defineLinkModel } from '../runtime/internal.ts';

// How a relational database names a pivot table (MikroORM's default naming, which farm-db keeps):
// link rows read from MongoDB carry the same model name, so they load into that table.
const relational = new UnderscoreNamingStrategy();

const discovered = new WeakMap<MikroORM, EntityMetadata[]>();

/**
 * On a database that keeps many-to-many relations as arrays in the owning record (MongoDB), one
 * pivot-shaped model per relation (see LinkModel): what the relation is in a SQL database, so
 * that its links move and verify like any other model. Empty where pivot tables are real.
 */
export function linkModels(orm: MikroORM): EntityMetadata[] {
  let links = discovered.get(orm);
  if (!links) discovered.set(orm, (links = discoverLinks(orm)));
  return links;
}

/** Many-to-many relations a link model cannot stand for: they stay refused (see untransferable). */
export function unlinkable(prop: EntityProperty): boolean {
  return Boolean(prop.polymorphic || prop.discriminatorColumn || prop.fixedOrder) || prop.targetMeta?.compositePK === true;
}

/** Every owning many-to-many property the database keeps as an array, with its model; none where pivot tables are real. */
export function owningArrays(orm: MikroORM): { meta: EntityMetadata; prop: EntityProperty }[] {
  if (orm.em.getPlatform().usesPivotTable()) return [];
  return [...orm.getMetadata().getAll().values()]
    .filter(meta => !meta.embeddable && !meta.virtual && !meta.abstract)
    .flatMap(meta => Object.values(meta.properties).filter(prop => prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner).map(prop => ({ meta, prop })));
}

function discoverLinks(orm: MikroORM): EntityMetadata[] {
  const naming = orm.config.getNamingStrategy();
  // A table name the model chose is the same on every database; a derived one is derived anew.
  const tableName = (meta: EntityMetadata) => (meta.tableName !== naming.classToTableName(meta.className) ? meta.tableName : relational.classToTableName(meta.className));
  return owningArrays(orm)
    .filter(({ prop }) => !unlinkable(prop))
    .map(({ meta, prop }) => {
      const target = prop.targetMeta!;
      const name = prop.pivotTable ?? relational.joinTableName(meta.className, tableName(target), prop.name, tableName(meta));
      return linkModel(name, meta, prop, target);
    });
}

// The two keys are named as MikroORM names a pivot entity's: `<Owner>_owner`, `<Target>_inverse`.
function linkModel(name: string, owner: EntityMetadata, property: EntityProperty, target: EntityMetadata): EntityMetadata {
  const ownerKey = `${owner.className}_owner`;
  const targetKey = `${target.className}_inverse`;
  const reference = (key: string, to: EntityMetadata) =>
    ({ name: key, kind: ReferenceKind.MANY_TO_ONE, type: to.className, targetMeta: to, fieldNames: [key], primary: true, nullable: false }) as EntityProperty;
  const meta = new EntityMetadata({
    className: name,
    name,
    tableName: name,
    collection: name,
    pivotTable: true,
    compositePK: true,
    primaryKeys: [ownerKey, targetKey] as never,
    properties: { [ownerKey]: reference(ownerKey, owner), [targetKey]: reference(targetKey, target) } as never,
  });
  return defineLinkModel(meta, { owner, property, ownerKey, targetKey });
}

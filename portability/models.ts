import type { EntityMetadata, EntityProperty, MikroORM } from '@mikro-orm/core';
import { linkModels, owningArrays, unlinkable } from './links.ts';

/**
 * The properties a record carries: scalars, embedded objects (as a whole, not their flattened
 * columns) and the owning side of relations.
 */
export function storedProperties(meta: EntityMetadata): EntityProperty[] {
  return Object.values(meta.properties).filter(prop => {
    if (prop.persist === false || prop.formula) return false;
    if (prop.embedded) return false; // a field of an embedded object: carried inside it
    if (prop.kind === '1:m' || prop.kind === 'm:n') return false;
    if (prop.kind === '1:1' && !prop.owner) return false;
    return true;
  });
}

/** What a snapshot's manifest says about one model: enough to refuse a snapshot of other models. */
export function describeModel(meta: EntityMetadata): { name: string; primaryKeys: string[]; properties: { name: string; kind: string; type: string }[] } {
  return {
    name: meta.className,
    primaryKeys: meta.primaryKeys,
    properties: storedProperties(meta).map(p => ({ name: p.name, kind: p.kind, type: String(p.type) })),
  };
}

/**
 * Every stored model, each after the models it references (so foreign keys always point to
 * rows already loaded). Pivot tables of many-to-many relations are models too, and so are the
 * arrays MongoDB keeps instead (see linkModels). A cycle is an error that names it: those rows
 * would need deferred constraints.
 */
export function modelsInLoadOrder(orm: MikroORM): EntityMetadata[] {
  const all = [...orm.getMetadata().getAll().values(), ...linkModels(orm)].filter(meta => !meta.embeddable && !meta.virtual && !meta.abstract);
  const byName = new Map(all.map(meta => [meta.className, meta]));
  const order: EntityMetadata[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (meta: EntityMetadata, path: string[]) => {
    if (state.get(meta.className) === 'done') return;
    if (state.get(meta.className) === 'visiting') throw new Error(`models reference each other in a cycle (${[...path, meta.className].join(' → ')}); farm-db cannot order their rows`);
    state.set(meta.className, 'visiting');
    for (const prop of storedProperties(meta)) {
      if (prop.kind !== 'm:1' && prop.kind !== '1:1') continue;
      const target = byName.get(prop.targetMeta?.className ?? String(prop.type));
      if (target && target !== meta) visit(target, [...path, meta.className]);
    }
    state.set(meta.className, 'done');
    order.push(meta);
  };
  for (const meta of all.sort((a, b) => a.className.localeCompare(b.className))) visit(meta, []);
  return order;
}

/**
 * What keeps records of one set of models from fitting another: a model only one side has, or
 * a model whose stored properties differ. Empty when a transfer can carry every record.
 */
export function modelDifferences(source: EntityMetadata[], target: EntityMetadata[]): string[] {
  const differences: string[] = [];
  const names = (metas: EntityMetadata[]) => new Map(metas.map(meta => [meta.className, meta]));
  const [from, to] = [names(source), names(target)];
  const why = (meta: EntityMetadata) => (meta.pivotTable ? ' (the pivot table of a many-to-many relation)' : '');
  for (const [name, meta] of from) if (!to.has(name)) differences.push(`the source has ${name}, the target does not${why(meta)}`);
  for (const [name, meta] of to) if (!from.has(name)) differences.push(`the target has ${name}, the source does not${why(meta)}`);
  for (const [name, meta] of from) {
    const other = to.get(name);
    if (!other) continue;
    const [a, b] = [storedProperties(meta).map(p => p.name).sort(), storedProperties(other).map(p => p.name).sort()];
    if (a.join() !== b.join()) differences.push(`${name} stores ${a.join(', ')} in the source and ${b.join(', ')} in the target`);
  }
  return differences;
}

/**
 * Many-to-many relations kept as an array of references in the owning document (MongoDB) that
 * no link model stands for (polymorphic, ordered, or to a composite key): a transfer would leave
 * those arrays behind, so it must not run. Named as `Model.property`.
 */
export function arrayRelations(orm: MikroORM): string[] {
  return owningArrays(orm)
    .filter(({ prop }) => unlinkable(prop))
    .map(({ meta, prop }) => `${meta.className}.${prop.name}`);
}

/** Why the records of `source` cannot be moved whole into `target` (see modelDifferences and arrayRelations); empty when they can. */
export function untransferable(source: MikroORM, target: MikroORM): string[] {
  const arrays = [...new Set([...arrayRelations(source), ...arrayRelations(target)])];
  return [
    ...modelDifferences(modelsInLoadOrder(source), modelsInLoadOrder(target)),
    ...(arrays.length ? [`${arrays.join(', ')} ${arrays.length > 1 ? 'are many-to-many relations' : 'is a many-to-many relation'} kept as arrays in MongoDB documents that farm-db cannot move (polymorphic, ordered, or to a composite key)`] : []),
  ];
}

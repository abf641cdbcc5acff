import type { EntityMetadata, EntityProperty, MikroORM } from '@mikro-orm/core';

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
 * rows already loaded). Pivot tables of many-to-many relations are models too. A cycle is
 * an error that names it: those rows would need deferred constraints.
 */
export function modelsInLoadOrder(orm: MikroORM): EntityMetadata[] {
  const all = [...orm.getMetadata().getAll().values()].filter(meta => !meta.embeddable && !meta.virtual && !meta.abstract);
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
  const why = (meta: EntityMetadata) => (meta.pivotTable ? ' (a many-to-many pivot table: MongoDB keeps these relations as arrays in the owning document, which farm-db cannot move to or from a table yet)' : '');
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
 * Many-to-many relations kept as an array of references in the owning document (MongoDB) rather
 * than in a pivot table: a transfer does not carry those arrays yet, so it must not run without
 * them. Named as `Model.property`.
 */
export function arrayRelations(models: EntityMetadata[]): string[] {
  return models.flatMap(meta =>
    Object.values(meta.properties)
      .filter(prop => prop.kind === 'm:n' && prop.owner && !prop.pivotEntity)
      .map(prop => `${meta.className}.${prop.name}`),
  );
}

/** Why these models' records cannot be moved whole (see modelDifferences and arrayRelations); empty when they can. */
export function untransferable(source: EntityMetadata[], target: EntityMetadata[]): string[] {
  const arrays = [...new Set([...arrayRelations(source), ...arrayRelations(target)])];
  return [
    ...modelDifferences(source, target),
    ...(arrays.length ? [`${arrays.join(', ')} ${arrays.length > 1 ? 'are many-to-many relations' : 'is a many-to-many relation'} kept as arrays in MongoDB documents, which farm-db cannot move yet`] : []),
  ];
}

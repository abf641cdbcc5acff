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

import { defineEntity, p } from '@mikro-orm/core';

/** The benchmark's parent rows: as many as child rows, each child pointing at one. */
export const BenchParent = defineEntity({
  name: 'BenchParent',
  properties: { id: p.integer().primary(), name: p.string() },
});

/** The benchmark's child rows: five columns and a foreign key. */
export const BenchRow = defineEntity({
  name: 'BenchRow',
  properties: {
    id: p.integer().primary(),
    label: p.string(),
    amount: p.integer(),
    ratio: p.double(),
    seenAt: p.datetime().length(3),
    active: p.boolean(),
    parent: () => p.manyToOne(BenchParent),
  },
});

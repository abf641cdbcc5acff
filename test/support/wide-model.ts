import { defineEntity, p } from '@mikro-orm/core';
import { Address } from './portable-models.ts';

export const WIDE_COLUMNS = 70;

/**
 * A wide model: 70 integer columns, an embedded object and an array (which keeps it off
 * PostgreSQL's COPY path). A batch of 1,000 such rows needs over 70,000 values, more than one INSERT may carry
 * (SQLite 32,766 parameters, PostgreSQL 65,535, SQL Server 2,100).
 */
export const Wide = defineEntity({
  name: 'Wide',
  properties: {
    id: p.integer().primary(),
    address: () => p.embedded(Address).nullable(),
    tags: p.array().nullable(),
    ...Object.fromEntries(Array.from({ length: WIDE_COLUMNS }, (_, i) => [`c${i}`, p.integer()])),
  },
});

export const wideRow = (id: number) => ({ id, address: { city: `City ${id}`, zip: null }, tags: ['a', `t${id}`], ...Object.fromEntries(Array.from({ length: WIDE_COLUMNS }, (_, i) => [`c${i}`, id * 100 + i])) });

import { defineEntity, p } from '@mikro-orm/core';

/** Big integers in each of MikroORM's modes, beside an ordinary integer key. */
export const Ledger = defineEntity({
  name: 'Ledger',
  properties: {
    id: p.integer().primary(),
    exact: p.bigint().nullable(),
    text: p.bigint('string').nullable(),
    small: p.bigint('number').nullable(),
  },
});

/** Rows at and beyond the edges of a double's exact integers (±2^53) and of BIGINT itself. */
export const LEDGER_ROWS = [
  { id: 1, exact: 9007199254740993n, text: '9223372036854775807', small: 5 },
  { id: 2, exact: -9223372036854775808n, text: '-9007199254740993', small: null },
  { id: 3, exact: 42n, text: null, small: 9007199254740991 },
];

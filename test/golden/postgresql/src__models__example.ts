import { defineEntity, p } from 'farm-db/runtime';
import { baseProperties } from '../database/base-model.ts';

/** An example model: rename it, or delete it once you have your own. */
export const Example = defineEntity({
  name: 'Example',
  properties: {
    ...baseProperties,
    name: p.string(),
  },
});

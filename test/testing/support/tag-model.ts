import { defineEntity, p } from '@mikro-orm/core';

/** A model whose natural key is its label: what the seed template is rendered for. */
export const Tag = defineEntity({ name: 'Tag', properties: { id: p.integer().primary(), label: p.string() } });

import { defineEntity, p } from '@mikro-orm/core';

/** Version 1 of an app's model, and version 2 after the developer adds a column. */
export const NoteV1 = defineEntity({
  name: 'Note',
  properties: {
    id: p.integer().primary(),
    title: p.string(),
  },
});

export const NoteV2 = defineEntity({
  name: 'Note',
  properties: {
    id: p.integer().primary(),
    title: p.string(),
    pinned: p.boolean().default(false),
  },
});

import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

/**
 * Models with what a data move must carry: integer and UUID keys, a nullable and a required
 * relation, a many-to-many relation (its pivot table), JSON, booleans, decimals, doubles and timestamps.
 */
export const Publisher = defineEntity({
  name: 'Publisher',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string(),
    active: p.boolean(),
    settings: p.json<{ country: string; tags: string[] }>().nullable(),
    rating: p.double().nullable(),
  },
});

export const Address = defineEntity({
  name: 'Address',
  embeddable: true,
  properties: {
    city: p.string(),
    zip: p.string().nullable(),
  },
});

export const Writer = defineEntity({
  name: 'Writer',
  properties: {
    id: p.string().primary().onCreate(() => randomUUID()),
    name: p.string(),
    address: () => p.embedded(Address).nullable(),
    createdAt: p.datetime().length(3).onCreate(() => new Date()),
    publisher: () => p.manyToOne(Publisher).nullable(),
  },
});

export const Genre = defineEntity({
  name: 'Genre',
  properties: {
    id: p.integer().primary().autoincrement(),
    label: p.string(),
  },
});

export const Title = defineEntity({
  name: 'Title',
  properties: {
    id: p.string().primary().onCreate(() => randomUUID()),
    name: p.string(),
    pages: p.integer(),
    price: p.decimal('string').precision(10).scale(2),
    writer: () => p.manyToOne(Writer),
    genres: () => p.manyToMany(Genre),
  },
});

export const PORTABLE_MODELS = [Address, Publisher, Writer, Genre, Title];

import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

/**
 * Provider-neutral models: a string id works on every SQL database and (as _id) on MongoDB;
 * timestamps keep milliseconds (length 3), which MySQL/MariaDB drop by default.
 */
export const Author = defineEntity({
  name: 'Author',
  properties: {
    id: p.string().primary().onCreate(() => randomUUID()),
    name: p.string(),
    email: p.string().unique(),
    createdAt: p.datetime().length(3).onCreate(() => new Date()),
    updatedAt: p.datetime().length(3).onCreate(() => new Date()).onUpdate(() => new Date()),
    books: () => p.oneToMany(Book).mappedBy('author'),
  },
});

export const Book = defineEntity({
  name: 'Book',
  properties: {
    id: p.string().primary().onCreate(() => randomUUID()),
    title: p.string(),
    pages: p.integer().default(0),
    author: () => p.manyToOne(Author),
  },
});

export const MODELS = [Author, Book];

import { defineEntity, p } from '@mikro-orm/core';

/**
 * Many-to-many relations whose pivot names MongoDB must derive as SQL does: a target with a
 * table name of its own, an explicitly named pivot table, and a model related to itself.
 */
export const BookTag = defineEntity({
  name: 'BookTag',
  tableName: 'tags_of_books',
  properties: { id: p.integer().primary(), label: p.string() },
});

export const Shelf = defineEntity({
  name: 'Shelf',
  properties: { id: p.integer().primary() },
});

export const LibraryBook = defineEntity({
  name: 'LibraryBook',
  properties: {
    id: p.integer().primary(),
    tags: () => p.manyToMany(BookTag),
    related: () => p.manyToMany(LibraryBook),
    shelves: () => p.manyToMany(Shelf).pivotTable('book_on_shelf'),
  },
});

export const NAMING_MODELS = [BookTag, Shelf, LibraryBook];

/** An ordered many-to-many relation: SQL keeps its order in a pivot column, MongoDB in the array. */
export const Song = defineEntity({
  name: 'Song',
  properties: { id: p.integer().primary(), title: p.string() },
});

export const Playlist = defineEntity({
  name: 'Playlist',
  properties: { id: p.integer().primary(), songs: () => p.manyToMany(Song).fixedOrder() },
});

export const ORDERED_MODELS = [Song, Playlist];

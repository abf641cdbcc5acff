import type { EntityData, EntityManager, EntityName, RequiredEntityData } from '@mikro-orm/core';

/** Field values for one new entity; a function gets a sequence number (1, 2, 3 …) for unique values. */
export type FactoryDefaults<T> = EntityData<T> | ((sequence: number) => EntityData<T>);

export interface Factory<T extends object> {
  /** A new entity from the defaults and `overrides`, persisted on `em` but not flushed. */
  make(em: EntityManager, overrides?: EntityData<T>): T;
  makeMany(em: EntityManager, count: number, overrides?: EntityData<T> | ((index: number) => EntityData<T>)): T[];
  /** As make(), then flushed. */
  create(em: EntityManager, overrides?: EntityData<T>): Promise<T>;
  createMany(em: EntityManager, count: number, overrides?: EntityData<T> | ((index: number) => EntityData<T>)): Promise<T[]>;
}

/**
 * Test data without a faker: `defineFactory(User, n => ({ email: `user${n}@example.com` }))`.
 * The same shape as MikroORM's seeder Factory (make/create), without its faker dependency.
 */
export function defineFactory<T extends object>(model: EntityName<T>, defaults: FactoryDefaults<T>): Factory<T> {
  let sequence = 0;
  const values = (overrides: EntityData<T> | undefined): RequiredEntityData<T> => {
    sequence += 1;
    const base = typeof defaults === 'function' ? defaults(sequence) : defaults;
    return { ...base, ...overrides } as RequiredEntityData<T>;
  };
  const factory: Factory<T> = {
    make: (em, overrides) => em.create(model, values(overrides)),
    makeMany: (em, count, overrides) =>
      Array.from({ length: count }, (_, index) => factory.make(em, typeof overrides === 'function' ? overrides(index) : overrides)),
    async create(em, overrides) {
      const entity = factory.make(em, overrides);
      await em.flush();
      return entity;
    },
    async createMany(em, count, overrides) {
      const entities = factory.makeMany(em, count, overrides);
      await em.flush();
      return entities;
    },
  };
  return factory;
}

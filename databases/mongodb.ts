import type { DatabaseEntry } from './types.ts';

const SECOND = 1000;

export const mongodb = {
  descriptor: {
    type: 'mongodb',
    label: 'MongoDB',
    urlSchemes: ['mongodb', 'mongodb+srv'],
    defaultPort: 27017,
    driverPackage: '@mikro-orm/mongodb',
    // maxPoolSize 50 is the FARM default; the driver's own default is 100.
    pool: { min: 0, max: 50, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 30 * SECOND },
    migrations: 'json',
    transactionalDdl: false,
    storage: 'server',
    records: 'documents',
    readReplicas: { unsupported: 'on MongoDB, set readPreference=secondaryPreferred in database.url instead' },
    telemetrySystem: 'mongodb',
    // MongoDB calls are logged in shell syntax, where double quotes are values, not identifiers.
    queryLiterals: 'mongo-shell',
  },
  setup: {
    choice: 'mongodb',
    label: 'MongoDB',
    menuPosition: 4,
    aliases: ['mongo'],
    compose: {
      name: 'mongo',
      image: 'mongo:8',
      containerPort: 27017,
      environment: { MONGO_INITDB_ROOT_USERNAME: '${MONGO_USER}', MONGO_INITDB_ROOT_PASSWORD: '${MONGO_PASSWORD}' },
      healthcheck: ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"],
      volumePath: '/data/db',
    },
    env: { MONGO_USER: 'app', MONGO_PASSWORD: '<password>', MONGO_PORT: '<port>' },
    url: 'mongodb://app:<password>@localhost:<port>/app?authSource=admin',
  },
  template: {
    idProperty: 'string',
    baseModelComment: [
      'The fields every model shares: spread it into defineEntity\'s properties.',
      "The id is a UUID string made by the app and stored as MongoDB's _id, so the same",
      'models work on SQL databases and ids survive a move to one. Timestamps keep milliseconds.',
    ],
  },
} as const satisfies DatabaseEntry<'mongodb'>;

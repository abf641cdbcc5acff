import { defineConfig } from 'farm-db';

export default defineConfig({
  database: {
    type: 'mongodb',
    url: '${DATABASE_URL}',
  },
});

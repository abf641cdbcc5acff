import { defineConfig } from 'farm-db';

export default defineConfig({
  database: {
    type: 'sqlite',
    url: '${DATABASE_URL}',
  },
});

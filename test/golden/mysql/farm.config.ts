import { defineConfig } from 'farm-db';

export default defineConfig({
  database: {
    type: 'mysql',
    url: '${DATABASE_URL}',
  },
});

import { defineConfig } from 'farm-db';

export default defineConfig({
  database: {
    type: 'postgresql',
    url: '${DATABASE_URL}',
  },
});

import { defineConfig } from 'farm-db';

export default defineConfig({
  database: {
    type: 'sqlserver',
    url: '${DATABASE_URL}',
  },
});

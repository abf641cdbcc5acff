import { sqliteBoots } from '../../support/framework-boots.ts';

sqliteBoots(['hono-node', 'fastify-function', 'vite-node']);

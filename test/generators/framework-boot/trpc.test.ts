import { sqliteBoots } from '../../support/framework-boots.ts';

sqliteBoots(['trpc-standalone', 'trpc-express']);

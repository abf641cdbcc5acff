import { sqliteBoots } from '../../support/framework-boots.ts';

sqliteBoots(['express-swagger', 'koa-jwt', 'express-class', 'express-own-db']);

import { sqliteBoots } from '../../support/framework-boots.ts';

sqliteBoots(['nest-starter', 'nest-terminus']);

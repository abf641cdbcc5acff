import { serverBoots } from '../../support/framework-boots.ts';

serverBoots('mysql');

import { serverBoots } from '../../support/framework-boots.ts';

serverBoots('postgresql');

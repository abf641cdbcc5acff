import { addMatrix } from '../../support/add-matrix.ts';

addMatrix('node-http');

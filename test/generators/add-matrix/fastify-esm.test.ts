import { addMatrix } from '../../support/add-matrix.ts';

addMatrix('fastify-esm');

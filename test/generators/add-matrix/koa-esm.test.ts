import { addMatrix } from '../../support/add-matrix.ts';

addMatrix('koa-esm');

import { addMatrix } from '../../support/add-matrix.ts';

addMatrix('express-cjs-tabs');

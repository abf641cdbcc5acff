import { addMatrix } from '../../support/add-matrix.ts';

addMatrix('seed-monorepo');

import { Example } from '../models/example.ts';

/** Every model in src/models, registered once each; `farm db add` adds new ones. */
export const models = [Example];

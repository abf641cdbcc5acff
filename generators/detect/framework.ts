// Framework differences live in generators/frameworks/; detection is the registry's.
export { detectFramework, type Framework } from '../frameworks/index.ts';

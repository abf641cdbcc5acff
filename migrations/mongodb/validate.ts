import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { FarmRuntimeError } from '../../runtime/index.ts';
import type { MongoMigrationFile } from './operations.ts';

const require = createRequire(import.meta.url);
/** The published JSON Schema every MongoDB migration file is checked against before anything runs. */
export const MONGO_MIGRATION_SCHEMA_PATH = require.resolve('./schema.json');

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  // ajv's 2020-12 build, loaded only when MongoDB migrations are used.
  const Ajv2020 = require('ajv/dist/2020').default as typeof import('ajv').default;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(readFileSync(MONGO_MIGRATION_SCHEMA_PATH, 'utf8')));
}

/** Parses and validates one migration file; the error names the file, the place in it and the fix. */
export function parseMongoMigration(file: string, text: string): MongoMigrationFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FarmRuntimeError(`${file} is not valid JSON: ${(error as Error).message}`, { hint: `fix the JSON syntax in ${file}` });
  }
  validator ??= compile();
  if (!validator(data)) {
    throw new FarmRuntimeError(`${file} is not a valid farm-db MongoDB migration:\n${describe(validator.errors ?? [], data)}`, {
      hint: `make it match the JSON Schema in ${MONGO_MIGRATION_SCHEMA_PATH} (ops: createCollection, dropCollection, createIndex, dropIndex, renameCollection, renameField, setField, unsetField, updateMany)`,
    });
  }
  return data as MongoMigrationFile;
}

/** oneOf reports a failure per branch; keep the ones for the op the author meant. */
function describe(errors: ErrorObject[], data: unknown): string {
  const lines = new Set<string>();
  for (const error of errors) {
    const opPath = /^\/(up|down)\/\d+/.exec(error.instancePath)?.[0];
    if (opPath) {
      const op = pointer(data, opPath) as { op?: unknown } | undefined;
      const branchOp = (error.schemaPath.match(/oneOf\/(\d+)/) ?? [])[1];
      if (branchOp !== undefined && error.keyword !== 'oneOf' && !matchesBranch(op?.op, Number(branchOp))) continue;
      if (error.keyword === 'oneOf' && typeof op?.op === 'string' && KNOWN_OPS.includes(op.op)) continue;
      if (error.keyword === 'oneOf') {
        lines.add(`  ${opPath}: unknown op ${JSON.stringify(op?.op)}`);
        continue;
      }
    }
    const where = error.instancePath || '/';
    const extra = error.keyword === 'additionalProperties' ? ` (${(error.params as { additionalProperty: string }).additionalProperty})` : '';
    lines.add(`  ${where}: ${error.message}${extra}`);
  }
  return [...lines].slice(0, 8).join('\n');
}

const KNOWN_OPS = ['createCollection', 'dropCollection', 'createIndex', 'dropIndex', 'renameCollection', 'renameField', 'setField', 'unsetField', 'updateMany'];

function matchesBranch(op: unknown, branch: number): boolean {
  return KNOWN_OPS[branch] === op;
}

function pointer(data: unknown, path: string): unknown {
  return path.split('/').slice(1).reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);
}

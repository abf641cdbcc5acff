import type { Attributes } from '@opentelemetry/api';
import type { DatabaseType } from '../../databases/index.ts';
import { redactSql } from '../monitoring/redact-sql.ts';
import type { ConnectionAttributes } from './connection-attributes.ts';
import { queryOperation } from './operation.ts';

/** What every span and measurement of one statement text shares, worked out once. */
export interface Statement {
  spanName: string;
  /** The connection's attributes with db.operation.name (and db.collection.name): the histogram's; frozen, shared. */
  attributes: Attributes;
  /** The same with db.query.text (literals redacted): the span's; made on first use, since metrics alone need no text. */
  spanAttributes(): Attributes;
}

/** Enough for an app's distinct statements; with literals inlined (MikroORM's debug mode) they never repeat, and the oldest go. */
const MAX_STATEMENTS = 500;

/**
 * Statement text → its span name and attributes, for one connection. Outside debug mode MikroORM logs
 * its statements with placeholders (`values (?, ?)`), so the same few texts come back on every request:
 * parsing, redacting and building their attributes once takes that work off each query's path.
 */
export class StatementCache {
  readonly #connection: ConnectionAttributes;
  readonly #dialect: DatabaseType;
  readonly #statements = new Map<string, Statement>();

  constructor(connection: ConnectionAttributes, dialect: DatabaseType) {
    this.#connection = connection;
    this.#dialect = dialect;
  }

  get(query: string): Statement {
    let statement = this.#statements.get(query);
    if (!statement) {
      statement = this.#make(query);
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(query, statement);
    }
    return statement;
  }

  #make(query: string): Statement {
    const operation = queryOperation(query);
    const attributes: Attributes = { ...this.#connection, 'db.operation.name': operation.name };
    if (operation.collection) attributes['db.collection.name'] = operation.collection;
    Object.freeze(attributes);
    const target = operation.collection ?? this.#connection['db.namespace'] ?? this.#connection['db.system.name'];
    const dialect = this.#dialect;
    let spanAttributes: Attributes | undefined;
    return {
      spanName: `${operation.name} ${target}`,
      attributes,
      spanAttributes: () => (spanAttributes ??= Object.freeze({ ...attributes, 'db.query.text': redactSql(query, dialect) })),
    };
  }
}

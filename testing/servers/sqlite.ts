import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfig } from '../../config/types.ts';
import { isStale } from '../names.ts';
import type { TestServer } from './server.ts';

const SUFFIXES = ['', '-wal', '-shm', '-journal'];

export function sqliteFile(name: string): string {
  return join(tmpdir(), `${name}.sqlite`);
}

/** SQLite: a file per worker in the system temp folder (`memory: true` keeps it in memory instead). */
export function sqliteServer(config: DatabaseConfig, options: { memory?: boolean } = {}): TestServer {
  return {
    async create(name, _fingerprint, build) {
      if (options.memory) {
        // One in-memory database lives as long as its connection: the schema is built by the manager itself.
        return { ...config, url: ':memory:', dbName: undefined };
      }
      const target = { ...config, url: `file:${sqliteFile(name)}`, dbName: undefined };
      await build(target);
      return target;
    },
    async drop(names) {
      for (const name of names) for (const suffix of SUFFIXES) rmSync(sqliteFile(name) + suffix, { force: true });
    },
    async dropStale() {
      const stale = readdirSync(tmpdir())
        .filter(file => file.endsWith('.sqlite'))
        .map(file => file.slice(0, -'.sqlite'.length))
        .filter(isStale);
      await this.drop(stale);
      return stale;
    },
  };
}

import type { DatabaseConfig } from '../../config/types.ts';
import { AdminConnection, pointAt } from '../admin.ts';
import { isStale } from '../names.ts';
import type { TestServer } from './server.ts';

/** MySQL/MariaDB have no template databases: each worker database is made and migrated on its own. */
export function mysqlServer(config: DatabaseConfig): TestServer {
  const admin = () => AdminConnection.open(pointAt(config, 'information_schema'));
  const dropAll = async (connection: AdminConnection, names: string[]) => {
    for (const name of names) await connection.query(`drop database if exists \`${name}\``);
  };
  return {
    async create(name, _fingerprint, build) {
      const connection = await admin();
      try {
        await connection.query(`create database \`${name}\``);
      } finally {
        await connection.close();
      }
      const target = pointAt(config, name);
      try {
        await build(target);
      } catch (error) {
        await this.drop([name]).catch(() => undefined);
        throw error;
      }
      return target;
    },
    async drop(names) {
      if (names.length === 0) return;
      const connection = await admin();
      try {
        await dropAll(connection, names);
      } finally {
        await connection.close();
      }
    },
    async dropStale() {
      const connection = await admin();
      try {
        const rows = await connection.query(
          `select schema_name as name from information_schema.schemata where schema_name like 'farm\\_test\\_%'`,
        );
        const stale = rows.map(row => String(row.name ?? row.SCHEMA_NAME)).filter(isStale);
        await dropAll(connection, stale);
        return stale;
      } finally {
        await connection.close();
      }
    },
  };
}

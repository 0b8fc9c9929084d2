/** Test helper: older schemas of a store file, for migration tests. */
import { DuckDBInstance } from '@duckdb/node-api';

/** Turns a closed store file back into an older schema: runs `statements`, then sets the version. */
export async function downgradeSchema(path: string, version: number, statements: readonly string[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  for (const sql of statements) await conn.run(sql);
  await conn.run(`UPDATE meta SET value = $1 WHERE key = 'schema_version'`, [String(version)]);
  conn.closeSync();
  instance.closeSync();
}

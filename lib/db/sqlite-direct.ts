import Sqlite from "better-sqlite3";
import { SQLITE_BUSY_TIMEOUT_MS } from "./adapter";

const globalForSqlite = globalThis as unknown as { logStreamsSqlite?: Map<string, Sqlite.Database> };

/**
 * A plain better-sqlite3 connection to the same file as Prisma's, for the one hot path where
 * Prisma's per-parameter overhead dominates: bulk event inserts (measured ~4x faster for
 * 5,000-event bodies). Writes from both connections are serialised by SQLite's own lock.
 */
export function directSqlite(filePath: string): Sqlite.Database {
  globalForSqlite.logStreamsSqlite ??= new Map();
  let connection = globalForSqlite.logStreamsSqlite.get(filePath);
  if (!connection) {
    connection = new Sqlite(filePath, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    globalForSqlite.logStreamsSqlite.set(filePath, connection);
  }
  return connection;
}

/** DateTime as Prisma's SQLite adapter stores it (ISO 8601 with +00:00), so comparisons agree. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

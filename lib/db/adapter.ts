import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Sqlite from "better-sqlite3";
import type { Database } from "./database-url";
import { postgresPoolFor } from "./postgres-pool";

/** How long a SQLite writer waits for another process's lock before giving up. */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

export function createAdapter(database: Database) {
  if (database.kind === "postgres") return new PrismaPg(postgresPoolFor(database.url));
  // WAL lets the web app and a worker read while the other writes; it is a property of the file.
  const setup = new Sqlite(database.filePath, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  setup.pragma("journal_mode = WAL");
  setup.close();
  return new PrismaBetterSQLite3({ url: database.url, timeout: SQLITE_BUSY_TIMEOUT_MS });
}

import fs from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/logstreams.db";

export type Database = { kind: "sqlite"; url: string; filePath: string } | { kind: "postgres"; url: string };

const resolved = new Map<string, Database>();

/**
 * Reads DATABASE_URL: `file:` paths are relative to the working directory (not to the schema
 * file, as plain Prisma would have it), `postgres(ql)://` selects PostgreSQL. Remembered per URL:
 * ingestion and delivery ask for it with every body and batch; the folder is made once.
 */
export function resolveDatabase(url: string | undefined = DEFAULT_DATABASE_URL): Database {
  let database = resolved.get(url);
  if (!database) {
    database = readDatabaseUrl(url);
    resolved.set(url, database);
  }
  return database;
}

function readDatabaseUrl(url: string): Database {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  if (!url.startsWith("file:")) {
    throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
  }
  const filePath = path.resolve(url.slice("file:".length));
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  return { kind: "sqlite", url: `file:${filePath}`, filePath };
}

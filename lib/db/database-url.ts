import fs from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/logstreams.db";

export type Database = { kind: "sqlite"; url: string; filePath: string } | { kind: "postgres"; url: string };

const resolved = new Map<string, Database>();

/** Only the app's user may read the SQLite database (events hold emails and IPs): its folder when made here, */
const PRIVATE_FOLDER_MODE = 0o700;
/** and the database with its -wal and -shm files. */
const PRIVATE_FILE_MODE = 0o600;

/**
 * Reads DATABASE_URL: `file:` paths are relative to the working directory (not to the schema
 * file, as plain Prisma would have it), `postgres(ql)://` selects PostgreSQL. Remembered per URL:
 * ingestion and delivery ask for it with every body and batch; the folder is made (0700) and a
 * database an older version left readable by others is made private (0600), once.
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
  fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: PRIVATE_FOLDER_MODE });
  makePrivate(filePath);
  return { kind: "sqlite", url: `file:${filePath}`, filePath };
}

/** SQLite creates -wal and -shm with the database file's mode, so they follow once it is private. */
function makePrivate(filePath: string): void {
  for (const file of [filePath, `${filePath}-wal`, `${filePath}-shm`]) {
    try {
      if ((fs.statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(file, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

import { Worker } from "node:worker_threads";
import Sqlite from "better-sqlite3";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { SQLITE_BUSY_TIMEOUT_MS } from "./adapter";
import { resolveDatabase } from "./database-url";

export type DirectSqlite = {
  /** The statement for `sql`, prepared once per process. */
  statement(sql: string): Sqlite.Statement;
  /** Runs `work` in one write transaction; the first one starts this connection's checkpoint thread. */
  write<T>(work: () => T): T;
};

const globalForSqlite = globalThis as unknown as { logStreamsSqlite?: Map<string, DirectSqlite> };

/** How often the checkpoint thread copies the write-ahead log into the database file. */
const CHECKPOINT_INTERVAL_MS = 1000;
/** SQLite's own default: a commit that finds the WAL this many pages long checkpoints it. */
const AUTOCHECKPOINT_PAGES = 1000;

// Plain CommonJS run by a worker thread (eval: no bundler involved); better-sqlite3 is resolved
// from the working directory, the project's root for `npm start` and `npm run worker`.
const CHECKPOINTER_SOURCE = `
const { workerData } = require("node:worker_threads");
const Sqlite = require("better-sqlite3");
const connection = new Sqlite(workerData.filePath, { timeout: workerData.timeoutMs });
setInterval(() => connection.pragma("wal_checkpoint(PASSIVE)"), workerData.intervalMs);
`;

/**
 * Moves a writing connection's checkpoints off its thread. Done inside commits, as SQLite does by
 * default, they cost each 5,000-event insert ~25 % more; a thread of its own does them instead.
 * Should that thread fail, the connection checkpoints in its commits again.
 */
function checkpointInBackground(database: Sqlite.Database): void {
  database.pragma("wal_autocheckpoint = 0");
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: { filePath: database.name, timeoutMs: SQLITE_BUSY_TIMEOUT_MS, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref();
  worker.once("error", (error) => {
    logger.warn({ err: error }, "the SQLite checkpoint thread stopped; commits checkpoint the log themselves again");
    database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  });
}

function connect(filePath: string): DirectSqlite {
  const database = new Sqlite(filePath, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  const statements = new Map<string, Sqlite.Statement>();
  // Only a connection that writes needs one: the event loop's, behind the writer thread, only reads.
  let hasCheckpointer = false;
  return {
    write(work) {
      if (!hasCheckpointer) {
        checkpointInBackground(database);
        hasCheckpointer = true;
      }
      return database.transaction(work)();
    },
    statement(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * A plain better-sqlite3 connection to the same file as Prisma's, for the hot paths where
 * Prisma's per-query overhead dominates: bulk event inserts (~4x faster for 5,000-event bodies),
 * reading a stream and its events for delivery, recording a delivered batch. Writes from both
 * connections are serialised by SQLite's own lock. Null when DATABASE_URL names PostgreSQL.
 */
export function directSqlite(): DirectSqlite | null {
  const database = resolveDatabase(env().DATABASE_URL);
  if (database.kind !== "sqlite") return null;
  globalForSqlite.logStreamsSqlite ??= new Map();
  let connection = globalForSqlite.logStreamsSqlite.get(database.filePath);
  if (!connection) {
    connection = connect(database.filePath);
    globalForSqlite.logStreamsSqlite.set(database.filePath, connection);
  }
  return connection;
}

/**
 * A getter of the store for DATABASE_URL's database: `onSqlite`'s, built once per direct connection,
 * else `onPrisma` (PostgreSQL). Each store interface makes the SQLite-or-Prisma choice here, once.
 */
export function storeByDatabase<T extends object>(onSqlite: (sqlite: DirectSqlite) => T, onPrisma: T): () => T {
  const built = new WeakMap<DirectSqlite, T>();
  return () => {
    const sqlite = directSqlite();
    if (!sqlite) return onPrisma;
    let store = built.get(sqlite);
    if (!store) {
      store = onSqlite(sqlite);
      built.set(sqlite, store);
    }
    return store;
  };
}

/** DateTime as Prisma's SQLite adapter stores it (ISO 8601 with +00:00), so comparisons agree. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

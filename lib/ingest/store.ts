import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db/client";
import { directSqlite, sqliteTimestamp, type DirectSqlite } from "@/lib/db/sqlite-direct";
import { Prisma } from "@/lib/generated/sqlite/client";
import type { StoredEvent } from "@/lib/delivery/items";
import { countIngested, countIngestedOnSqlite } from "./ingested-total";
import type { IncomingEvent } from "./parse";

/** Rows per INSERT on PostgreSQL: 5 parameters each, far below its 65,535-parameter limit. */
const INSERT_CHUNK_ROWS = 1000;
/** Rows per INSERT on SQLite: measured ~20 % faster than one statement run per row. */
const SQLITE_ROWS_PER_INSERT = 100;

const DISK_FULL_MESSAGE = "The disk is full: none of this body's events were stored. Free space on the disk that holds the database, then send them again";

export type StoreResult = { accepted: number; duplicates: number };

/** More writes committed with the events, or not at all (the Auth0 pull's checkpoint); each throws to roll everything back. */
export type AlsoInTransaction = { onSqlite(sqlite: DirectSqlite): void; withPrisma(tx: Prisma.TransactionClient): Promise<void> };

function sqliteInsertSql(rowCount: number): string {
  const rows = Array.from({ length: rowCount }, () => "(?, ?, ?, ?, ?)").join(", ");
  return `INSERT INTO "Event" ("logId", "type", "item", "dateMs", "receivedAt") VALUES ${rows} ON CONFLICT ("logId") DO NOTHING`;
}

function insertIntoSqlite(sqlite: DirectSqlite, rows: IncomingEvent[], receivedAt: Date, also?: AlsoInTransaction): number {
  const at = sqliteTimestamp(receivedAt);
  // Every chunk but the last is full: its SQL is built and looked up once per body, not per chunk
  // (~0.2 ms of a 5,000-event body's ~13 ms insert).
  const fullChunkInsert = sqlite.statement(sqliteInsertSql(SQLITE_ROWS_PER_INSERT));
  return sqlite.write(() => {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + SQLITE_ROWS_PER_INSERT);
      const values: (string | number | null)[] = [];
      for (const e of chunk) values.push(e.logId, e.type, e.item, e.dateMs, at);
      const insert = chunk.length === SQLITE_ROWS_PER_INSERT ? fullChunkInsert : sqlite.statement(sqliteInsertSql(chunk.length));
      inserted += insert.run(values).changes;
    }
    countIngestedOnSqlite(sqlite, inserted);
    also?.onSqlite(sqlite);
    return inserted;
  });
}

/** Any fixed number: the key of the PostgreSQL advisory lock that serialises event inserts. */
const EVENT_INSERT_LOCK = 7_302_214;

/**
 * Inserts take turns (the lock below), so under a burst a body waits for a connection and then the
 * lock for as long as the bodies before it take: long past Prisma's 2 s default, and the answer
 * to a burst is the ingest route's 503, not a failed transaction.
 */
const EVENT_INSERT_WAIT_MS = 30_000;

async function insertWithPrisma(rows: IncomingEvent[], receivedAt: Date, also?: AlsoInTransaction): Promise<number> {
  return db().$transaction(async (tx) => {
    // Without this, two concurrent bodies could commit out of seq order: a dispatcher reading
    // between the two commits would move its cursor past the later-committed, lower seqs and skip
    // them. Held until commit, the lock makes commit order follow seq order.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVENT_INSERT_LOCK})`;
    let inserted = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
      const values = rows
        .slice(start, start + INSERT_CHUNK_ROWS)
        .map((e) => Prisma.sql`(${e.logId}, ${e.type}, ${e.item}, ${e.dateMs === null ? null : BigInt(e.dateMs)}, ${receivedAt})`);
      inserted += await tx.$executeRaw`INSERT INTO "Event" ("logId", "type", "item", "dateMs", "receivedAt") VALUES ${Prisma.join(values)} ON CONFLICT ("logId") DO NOTHING`;
    }
    await countIngested(tx, inserted);
    await also?.withPrisma(tx);
    return inserted;
  }, { maxWait: EVENT_INSERT_WAIT_MS, timeout: EVENT_INSERT_WAIT_MS });
}

/**
 * Stores a body's events in one transaction (all or nothing). A log_id already stored, or
 * repeated within the body, is counted as a duplicate and not stored again.
 */
export async function storeEvents(events: IncomingEvent[], receivedAt = new Date(), also?: AlsoInTransaction): Promise<StoreResult> {
  const firstCopies = new Map<string, IncomingEvent>();
  for (const event of events) if (!firstCopies.has(event.logId)) firstCopies.set(event.logId, event);
  const rows = [...firstCopies.values()];
  const sqlite = directSqlite();
  let accepted: number;
  try {
    accepted = sqlite ? insertIntoSqlite(sqlite, rows, receivedAt, also) : await insertWithPrisma(rows, receivedAt, also);
  } catch (error) {
    // The transaction was rolled back: nothing of the body is stored, and the sender may retry.
    if ((error as { code?: unknown }).code === "SQLITE_FULL") throw new ApiError("insufficient_storage", DISK_FULL_MESSAGE);
    throw error;
  }
  return { accepted, duplicates: events.length - accepted };
}

const STORED_EVENT_COLUMNS = `"seq", "logId", "type", "item", "dateMs"`;

/**
 * Up to `limit` events after `afterSeq`, in seq order (a keyset read on the primary key). On
 * SQLite through the direct connection: measured ~2 ms per 1000 events, against ~5.5 through Prisma.
 */
export async function readEventsAfter(afterSeq: bigint, limit: number): Promise<StoredEvent[]> {
  const sqlite = directSqlite();
  if (sqlite) {
    const select = sqlite.statement(`SELECT ${STORED_EVENT_COLUMNS} FROM "Event" WHERE "seq" > ? ORDER BY "seq" LIMIT ?`);
    return select.safeIntegers(true).all(afterSeq, limit) as StoredEvent[];
  }
  return db().event.findMany({
    where: { seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: { seq: true, logId: true, type: true, item: true, dateMs: true },
  });
}

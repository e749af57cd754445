import { storeByDatabase } from "@/lib/db/sqlite-direct";
import { AppError } from "@/lib/errors/app-error";
import type { AlsoInTransaction, IncomingEvent, StoredEvent } from "./event-store";
import { insertPostgresRows, postgresEventStore, toPostgresCopy, type PostgresRows } from "./postgres-event-store";
import { sqliteEventStore } from "./sqlite-event-store";

const DISK_FULL_MESSAGE =
  "The disk is full: none of this body's events were stored. Free space on the disk that holds the database, then send them again";

export type StoreResult = { accepted: number; duplicates: number };

/** The event store of DATABASE_URL's database: SQLite's direct connection, else PostgreSQL's. */
export const eventStore = storeByDatabase(sqliteEventStore, postgresEventStore);

/**
 * Stores a body's events in one transaction (all or nothing). A log_id already stored, or
 * repeated within the body, is counted as a duplicate and not stored again.
 */
export async function storeEvents(
  events: IncomingEvent[],
  receivedAt = new Date(),
  also?: AlsoInTransaction,
): Promise<StoreResult> {
  let accepted: number;
  try {
    accepted = await eventStore().insert(firstCopies(events), receivedAt, also);
  } catch (error) {
    // The transaction was rolled back: nothing of the body is stored, and the sender may retry.
    if ((error as { code?: unknown }).code === "SQLITE_FULL")
      throw new AppError("insufficient_storage", DISK_FULL_MESSAGE);
    throw error;
  }
  return { accepted, duplicates: events.length - accepted };
}

/** Each log_id's first copy in a body: the one stored. */
function firstCopies(events: IncomingEvent[]): IncomingEvent[] {
  const copies = new Map<string, IncomingEvent>();
  for (const event of events) if (!copies.has(event.logId)) copies.set(event.logId, event);
  return [...copies.values()];
}

/**
 * Rows of a body per part of its COPY data on PostgreSQL: PostgreSQL inserts a part while the
 * writer thread builds the next (~2 ms a part of the bench's events), instead of waiting for all.
 */
const POSTGRES_PART_ROWS = 1000;

/** A body on PostgreSQL, parsed where its COPY data is built (toPostgresBody, postgresBodyPart): how many events it held, its first copies, dated as received. */
export type PostgresBody = { eventCount: number; rows: IncomingEvent[]; receivedAt: Date };

export function toPostgresBody(events: IncomingEvent[], receivedAt: Date): PostgresBody {
  return { eventCount: events.length, rows: firstCopies(events), receivedAt };
}

export const postgresBodyPartCount = ({ rows }: PostgresBody) => Math.ceil(rows.length / POSTGRES_PART_ROWS);

/** Part `index` of a body's COPY data: the header with the first, the end with the last. */
export function postgresBodyPart({ rows, receivedAt }: PostgresBody, index: number): Buffer {
  const start = index * POSTGRES_PART_ROWS;
  const end = start + POSTGRES_PART_ROWS;
  return toPostgresCopy(rows.slice(start, end), receivedAt, { hasHeader: index === 0, hasEnd: end >= rows.length });
}

/** storeEvents on PostgreSQL for a body's COPY data (postgresBodyPart), its parts possibly still being made. */
export async function storePostgresBody(eventCount: number, rows: PostgresRows): Promise<StoreResult> {
  const accepted = await insertPostgresRows(rows);
  return { accepted, duplicates: eventCount - accepted };
}

/** Up to `limit` events after `afterSeq`, in seq order. */
export async function readEventsAfter(afterSeq: bigint, limit: number): Promise<StoredEvent[]> {
  return eventStore().readAfter(afterSeq, limit);
}

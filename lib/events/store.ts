import { storeByDatabase } from "@/lib/db/sqlite-direct";
import { AppError } from "@/lib/errors/app-error";
import type { AlsoInTransaction, EventList, StoredEvent } from "./event-store";
import { postgresEventStore } from "./postgres-event-store";
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
  events: EventList,
  receivedAt = new Date(),
  also?: AlsoInTransaction,
): Promise<StoreResult> {
  let accepted: number;
  try {
    accepted = await eventStore().insert(events, receivedAt, also);
  } catch (error) {
    // The transaction was rolled back: nothing of the body is stored, and the sender may retry.
    if ((error as { code?: unknown }).code === "SQLITE_FULL")
      throw new AppError("insufficient_storage", DISK_FULL_MESSAGE);
    throw error;
  }
  return { accepted, duplicates: events.length - accepted };
}

/** Up to `limit` events after `afterSeq`, in seq order. */
export async function readEventsAfter(afterSeq: bigint, limit: number): Promise<StoredEvent[]> {
  return eventStore().readAfter(afterSeq, limit);
}

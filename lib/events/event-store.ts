import type { DirectSqlite } from "@/lib/db/sqlite-direct";
import type { PostgresClient } from "@/lib/db/postgres-pool";
import type { ItemParts } from "./item-json";

/**
 * An event ready to store: its Datadog log item built at ingestion (itemParts), so delivery need not
 * parse the event again; `dateMs` its data.date in ms since the epoch, null when absent (delivery
 * checks it against Datadog's window).
 */
export type IncomingEvent = { logId: string; type: string; item: ItemParts; dateMs: number | null };

/** Events to store, taken a slice at a time: an array, or a parsed body's, made as they are sliced (parsedIngestBody). */
export type EventList = { readonly length: number; slice(start: number, end: number): IncomingEvent[] };

/**
 * An event as stored: `item` is the JSON text of its Datadog log item (see itemJson); `dateMs` its
 * `data.date` in ms, null when it has none (or was stored before the column existed).
 */
export type StoredEvent = { seq: bigint; logId: string; type: string; item: string; dateMs?: bigint | null };

/**
 * Up to `limit` events after a seq, their items as sent at a moment (dated inside Datadog's window,
 * marked outside it: windowedItemSql) joined by the database into one JSON array, with what decides
 * whether they can go as joined.
 */
export type JoinedEvents = {
  count: bigint;
  lastSeq: bigint | null;
  largestItemBytes: bigint | null;
  /** Events whose item only JavaScript can fit to the window (stored before the date came first, see itemJson): the body then leaves them out. */
  unjoinedCount: bigint;
  /** Events older than the window, so sent without their date (counted as delayed in Health). */
  delayedCount: bigint;
  body: Buffer | null;
};

/** More writes committed with the events, or not at all (the Auth0 pull's checkpoint); each throws to roll everything back. */
export type AlsoInTransaction = {
  onSqlite(sqlite: DirectSqlite): void;
  onPostgres(client: PostgresClient): Promise<void>;
};

/** Where events are kept: one implementation per database (sqlite-event-store.ts, postgres-event-store.ts), chosen once in store.ts. */
export type EventStore = {
  /** Inserts rows in one transaction, a log_id repeated among them once (its first copy), skipping log_ids already stored and adding to the ingested counter; returns the rows inserted. */
  insert(rows: EventList, receivedAt: Date, also?: AlsoInTransaction): Promise<number>;
  /** Up to `limit` events after `afterSeq`, in seq order (a keyset read on the primary key). */
  readAfter(afterSeq: bigint, limit: number): Promise<StoredEvent[]>;
  /**
   * The events after `afterSeq` already joined into a request body as sent at `now`, each item ending
   * in `ddtags` when given (withTags): SQLite joins them itself, PostgreSQL sends them row by row to be joined as they arrive.
   */
  readJoined?(afterSeq: bigint, limit: number, sent: { now: Date; ddtags?: string | null }): Promise<JoinedEvents>;
};

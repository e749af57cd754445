import type { DirectSqlite } from "@/lib/db/sqlite-direct";

/**
 * `logstreams_events_ingested_total` is a counter row added to in the same transaction that stores
 * the events, so it counts events actually stored: max(seq) would not (PostgreSQL spends a sequence
 * value on every duplicate and rolled-back insert), and counting rows would miss pruned events.
 */
export const EVENTS_INGESTED_KEY = "events_ingested_total";

// Setting.value is text: the sum is cast there and back (the same SQL on SQLite and PostgreSQL).
const ADD_ON_CONFLICT = `ON CONFLICT ("key") DO UPDATE SET "value" = CAST(CAST("Setting"."value" AS BIGINT) + CAST(excluded."value" AS BIGINT) AS TEXT)`;
const ADD_SQL = `INSERT INTO "Setting" ("key", "value") VALUES ('${EVENTS_INGESTED_KEY}', CAST(? AS TEXT)) ${ADD_ON_CONFLICT}`;

export function countIngestedOnSqlite(sqlite: DirectSqlite, stored: number): void {
  if (stored > 0) sqlite.statement(ADD_SQL).run(BigInt(stored)); // a JS number would bind as REAL ("25.0")
}

/**
 * On PostgreSQL the counter is added to by the statement that inserts the events (one round trip
 * less): this INSERT goes in a data-modifying CTE and counts the rows of `inserted`, the insert's
 * RETURNING; nothing when there are none.
 */
export function countIngestedOnPostgresSql(inserted: string): string {
  return `INSERT INTO "Setting" ("key", "value") SELECT '${EVENTS_INGESTED_KEY}', CAST(count(*) AS TEXT) FROM ${inserted} HAVING count(*) > 0
      ${ADD_ON_CONFLICT}`;
}

/** On PostgreSQL, adding a number known beforehand: a COPY stores every row or none. */
export function addToIngestedOnPostgresSql(stored: number): string {
  return `INSERT INTO "Setting" ("key", "value") VALUES ('${EVENTS_INGESTED_KEY}', '${Math.trunc(stored)}') ${ADD_ON_CONFLICT}`;
}

import type { DirectSqlite } from "@/lib/db/sqlite-direct";
import type { PostgresClient } from "@/lib/db/postgres-pool";

/**
 * `logstreams_events_ingested_total` is a counter row added to in the same transaction that stores
 * the events, so it counts events actually stored: max(seq) would not (PostgreSQL spends a sequence
 * value on every duplicate and rolled-back insert), and counting rows would miss pruned events.
 */
export const EVENTS_INGESTED_KEY = "events_ingested_total";

// Setting.value is text: the sum is cast there and back (the same SQL on SQLite and PostgreSQL).
const ADD_SQL = `INSERT INTO "Setting" ("key", "value") VALUES ('${EVENTS_INGESTED_KEY}', CAST(? AS TEXT))
  ON CONFLICT ("key") DO UPDATE SET "value" = CAST(CAST("Setting"."value" AS BIGINT) + CAST(excluded."value" AS BIGINT) AS TEXT)`;

export function countIngestedOnSqlite(sqlite: DirectSqlite, stored: number): void {
  if (stored > 0) sqlite.statement(ADD_SQL).run(BigInt(stored)); // a JS number would bind as REAL ("25.0")
}

const ADD_ON_POSTGRES = { name: "count_ingested", text: ADD_SQL.replace("?", "$1") };

export async function countIngestedOnPostgres(client: PostgresClient, stored: number): Promise<void> {
  if (stored > 0) await client.query({ ...ADD_ON_POSTGRES, values: [String(stored)] });
}

import { postgresPool } from "@/lib/db/client";
import { LeaseLostError } from "@/lib/leases/lease";
import type { Filter } from "./batch";
import { minuteOf, type DeliverySettings, type DeliveryStore } from "./delivery-store";
import type { PiiConfig } from "./pii";

// Prepared once per connection (pg's named statements); filters and piiConfig are jsonb, parsed by pg.
const READ_LEASED_STREAM = {
  name: "read_leased_stream",
  text: `SELECT "cursor", "filters", "piiConfig", "type", "region", "apiKeyEncrypted", "apiKeyLast4", "datadogTags", "sinkConfig", "sinkSecretsEncrypted" FROM "LogStream" WHERE "id" = $1 AND "leaseOwner" = $2 AND "status" = 'active'`,
};

/**
 * recordOutcome's writes for a batch without failures, in one statement (hence one transaction
 * and one round trip): the cursor under the lease, and, with deliveries ($3 > 0), the stream's
 * totals and its minute's counter. Times as ISO text: the columns have no time zone and hold UTC.
 */
const RECORD_PROGRESS = {
  name: "record_progress",
  text: `WITH "moved" AS (
      UPDATE "LogStream" SET "cursor" = $1,
        "lastDeliveredAt" = CASE WHEN $3 > 0 THEN $4::timestamp ELSE "lastDeliveredAt" END,
        "failingSince" = CASE WHEN $3 > 0 THEN NULL ELSE "failingSince" END,
        "deliveredTotal" = "deliveredTotal" + $3
      WHERE "id" = $5 AND "leaseOwner" = $6 RETURNING "id"),
    "counted" AS (
      INSERT INTO "StreamMinuteStat" ("streamId", "minute", "delivered", "failed", "delayed") SELECT "id", $2::timestamp, $3, 0, $7 FROM "moved" WHERE $3 > 0
      ON CONFLICT ("streamId", "minute") DO UPDATE SET "delivered" = "StreamMinuteStat"."delivered" + excluded."delivered", "delayed" = "StreamMinuteStat"."delayed" + excluded."delayed")
    SELECT count(*) AS "moved" FROM "moved"`,
};

type SettingsRow = Omit<DeliverySettings, "cursor" | "filters" | "piiConfig"> & {
  cursor: string;
  filters: Filter[];
  piiConfig: PiiConfig | null;
};

/** Delivery's stream state on PostgreSQL, through the pg pool: one prepared statement per read and per batch recorded. */
export const postgresDeliveryStore: DeliveryStore = {
  async readLeasedStream(streamId, workerId) {
    const { rows } = await postgresPool()!.query<SettingsRow>({ ...READ_LEASED_STREAM, values: [streamId, workerId] });
    const row = rows[0];
    return row ? { ...row, cursor: BigInt(row.cursor), piiConfig: row.piiConfig ?? null } : null;
  },
  async recordProgress({ streamId, workerId, cursor, delivered, delayed, now }) {
    const values = [
      cursor.toString(),
      minuteOf(now).toISOString(),
      delivered,
      now.toISOString(),
      streamId,
      workerId,
      delayed,
    ];
    const { rows } = await postgresPool()!.query<{ moved: string }>({ ...RECORD_PROGRESS, values });
    if (rows[0]!.moved !== "1") throw new LeaseLostError();
  },
};

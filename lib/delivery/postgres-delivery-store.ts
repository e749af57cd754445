import pg from "pg";
import { postgresPool } from "@/lib/db/client";
import { readJoinedAfter } from "@/lib/events/postgres-event-store";
import { LeaseLostError } from "@/lib/leases/lease";
import type { Filter } from "./batch";
import { minuteOf, type DeliverySettings, type DeliveryStore } from "./delivery-store";
import type { PiiConfig } from "./pii";

const leasedStreamSql = (streamId: string, workerId: string) =>
  `SELECT "cursor", "filters", "piiConfig", "type", "region", "apiKeyEncrypted", "apiKeyLast4", "datadogTags", "sinkConfig", "sinkSecretsEncrypted" FROM "LogStream" WHERE "id" = ${streamId} AND "leaseOwner" = ${workerId} AND "status" = 'active'`;

// Prepared once per connection (pg's named statements); filters and piiConfig are jsonb, parsed by pg.
const READ_LEASED_STREAM = { name: "read_leased_stream", text: leasedStreamSql("$1", "$2") };

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

function settingsOf(row: SettingsRow | undefined): DeliverySettings | null {
  return row ? { ...row, cursor: BigInt(row.cursor), piiConfig: row.piiConfig ?? null } : null;
}

/**
 * Delivery's stream state on PostgreSQL, through the pg pool: one prepared statement per batch
 * recorded, and per read of the stream unless it goes with the batch's events (readLeasedStreamAndJoined).
 */
export const postgresDeliveryStore: DeliveryStore = {
  async readLeasedStream(streamId, workerId) {
    const { rows } = await postgresPool()!.query<SettingsRow>({ ...READ_LEASED_STREAM, values: [streamId, workerId] });
    return settingsOf(rows[0]);
  },
  /** The stream's read written in (the joined read is a COPY, which takes no parameters), ahead of the joined read's COPY. */
  async readLeasedStreamAndJoined(streamId, workerId, afterSeq, limit, sent) {
    const select = leasedStreamSql(pg.escapeLiteral(streamId), pg.escapeLiteral(workerId));
    const { selected, joined } = await readJoinedAfter(select, afterSeq, limit, sent);
    return { stream: settingsOf(selected[0] as SettingsRow | undefined), joined };
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

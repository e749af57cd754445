import { directSqlite, sqliteTimestamp, type DirectSqlite } from "@/lib/db/sqlite-direct";
import { defineWriterJob } from "@/lib/db/sqlite-writer";
import { LeaseLostError } from "@/lib/leases/lease";
import type { Filter } from "./batch";
import { minuteOf, type DeliverySettings, type DeliveryStore, type Progress } from "./delivery-store";
import type { PiiConfig } from "./pii";

/**
 * The common case, a batch without failures, on SQLite: the same writes as recordOutcome's
 * through the direct connection, in one synchronous transaction, on the writer thread.
 */
const recordProgressOnWriterThread = defineWriterJob<Progress, void>({
  name: "progress",
  run({ streamId, workerId, cursor, delivered, delayed, now }) {
    const sqlite = directSqlite()!;
    const at = sqliteTimestamp(now);
    sqlite.write(() => {
      const update =
        delivered > 0
          ? sqlite
              .statement(
                `UPDATE "LogStream" SET "cursor" = ?, "lastDeliveredAt" = ?, "failingSince" = NULL, "deliveredTotal" = "deliveredTotal" + ? WHERE "id" = ? AND "leaseOwner" = ?`,
              )
              .run(cursor, at, delivered, streamId, workerId)
          : sqlite
              .statement(`UPDATE "LogStream" SET "cursor" = ? WHERE "id" = ? AND "leaseOwner" = ?`)
              .run(cursor, streamId, workerId);
      if (update.changes !== 1) throw new LeaseLostError();
      if (delivered > 0) {
        sqlite
          .statement(
            `INSERT INTO "StreamMinuteStat" ("streamId", "minute", "delivered", "failed", "delayed") VALUES (?, ?, ?, 0, ?) ON CONFLICT ("streamId", "minute") DO UPDATE SET "delivered" = "StreamMinuteStat"."delivered" + excluded."delivered", "delayed" = "StreamMinuteStat"."delayed" + excluded."delayed"`,
          )
          .run(streamId, sqliteTimestamp(minuteOf(now)), delivered, delayed);
      }
    });
  },
});

type SettingsRow = Omit<DeliverySettings, "filters" | "piiConfig"> & { filters: string; piiConfig: string | null };

/** Delivery's stream state on SQLite: read through the direct connection (read once per batch, it spares Prisma's query compilation and mapping), progress on the writer thread. */
export function sqliteDeliveryStore(sqlite: DirectSqlite): DeliveryStore {
  return {
    async readLeasedStream(streamId, workerId) {
      const row = sqlite
        .statement(
          `SELECT "cursor", "filters", "piiConfig", "type", "region", "apiKeyEncrypted", "apiKeyLast4", "datadogTags", "sinkConfig", "sinkSecretsEncrypted" FROM "LogStream" WHERE "id" = ? AND "leaseOwner" = ? AND "status" = 'active'`,
        )
        .safeIntegers(true)
        .get(streamId, workerId) as SettingsRow | undefined;
      return row
        ? {
            ...row,
            filters: JSON.parse(row.filters) as Filter[],
            piiConfig: row.piiConfig === null ? null : (JSON.parse(row.piiConfig) as PiiConfig | null),
          }
        : null;
    },
    async recordProgress(progress) {
      try {
        return await recordProgressOnWriterThread(progress);
      } catch (error) {
        // Errors cross the thread as name and message: the lease's comes back as itself.
        throw (error as Error).name === LeaseLostError.name ? new LeaseLostError() : error;
      }
    },
  };
}

import { db } from "@/lib/db/client";
import { sqliteTimestamp } from "@/lib/db/sqlite-direct";
import { eventDateMs } from "@/lib/events/datadog-window";
import type { IncomingEvent } from "@/lib/events/event-store";
import { itemParts } from "@/lib/events/item-json";
import { storeEvents, type StoreResult } from "@/lib/events/store";
import { LeaseLostError, sourceLease } from "@/lib/leases/lease";
import type { Auth0Log } from "./client";

/** The one source row. */
export const SOURCE_ID = "tenant";
/** The right to pull, held by one process at a time (lib/delivery/lease.ts). */
export const SOURCE_LEASE = sourceLease(SOURCE_ID);

/** An Auth0 log as the event a webhook would have posted: `{log_id, data: <the log as Auth0 returned it>}`. */
export function eventOfLog(log: Auth0Log): IncomingEvent {
  return {
    logId: log.log_id,
    type: typeof log.type === "string" ? log.type : "",
    item: itemParts(log.log_id, log),
    dateMs: eventDateMs(log.date),
  };
}

export async function ensureSourceRow(): Promise<void> {
  await db().$executeRaw`INSERT INTO "Auth0Source" ("id") VALUES (${SOURCE_ID}) ON CONFLICT ("id") DO NOTHING`;
}

/** Where the walk goes on from for this tenant: the stored checkpoint when it belongs to `baseUrl`. */
export async function readCheckpoint(baseUrl: string): Promise<string | null> {
  const row = await db().auth0Source.findUnique({
    where: { id: SOURCE_ID },
    select: { checkpoint: true, checkpointBase: true },
  });
  return row?.checkpoint && row.checkpointBase === baseUrl ? row.checkpoint : null;
}

/** Seconds between the newest log's date and now; null when the logs carry no readable date. */
function lagSecondsOf(logs: Auth0Log[], now: Date): number | null {
  const dates = logs.map((log) => eventDateMs(log.date)).filter((ms): ms is number => ms !== null);
  return dates.length === 0 ? null : Math.max(0, Math.round((now.getTime() - Math.max(...dates)) / 1000));
}

/**
 * Stores a page's logs through the webhook's store (a log_id already stored is kept once) and, in
 * the same transaction, moves the checkpoint to the page's last log. `isCaughtUp` (a short page)
 * sets the lag to 0. Throws LeaseLostError, storing nothing, when the lease is no longer ours.
 */
export async function storePage(
  workerId: string,
  baseUrl: string,
  logs: Auth0Log[],
  isCaughtUp: boolean,
  now: Date,
): Promise<StoreResult> {
  const checkpoint = logs.at(-1)!.log_id;
  const lag = isCaughtUp ? 0 : lagSecondsOf(logs, now);
  const pulled = BigInt(logs.length);
  return storeEvents(logs.map(eventOfLog), now, {
    onSqlite(sqlite) {
      const { changes } = sqlite
        .statement(
          `UPDATE "Auth0Source" SET "checkpoint" = ?, "checkpointBase" = ?, "logsPulled" = "logsPulled" + ?, "lastPollAt" = ?, "lagSeconds" = ?, "lastError" = NULL, "lastErrorAt" = NULL
          WHERE "id" = ? AND "leaseOwner" = ?`,
        )
        .run(checkpoint, baseUrl, pulled, sqliteTimestamp(now), lag, SOURCE_ID, workerId);
      if (changes !== 1) throw new LeaseLostError();
    },
    async onPostgres(client) {
      const { rowCount } = await client.query(
        `UPDATE "Auth0Source" SET "checkpoint" = $1, "checkpointBase" = $2, "logsPulled" = "logsPulled" + $3, "lastPollAt" = $4, "lagSeconds" = $5, "lastError" = NULL, "lastErrorAt" = NULL
        WHERE "id" = $6 AND "leaseOwner" = $7`,
        [checkpoint, baseUrl, pulled, now, lag, SOURCE_ID, workerId],
      );
      if (rowCount !== 1) throw new LeaseLostError();
    },
  });
}

/** A poll that found nothing new: caught up. */
export async function recordCaughtUp(workerId: string, now: Date): Promise<void> {
  await db().auth0Source.updateMany({
    where: { id: SOURCE_ID, leaseOwner: workerId },
    data: { lastPollAt: now, lagSeconds: 0, lastError: null, lastErrorAt: null },
  });
}

/** Why pulling stopped or waits (shown on the Source page); `null` clears it. */
export async function recordSourceError(reason: string | null, now: Date): Promise<void> {
  await db().auth0Source.updateMany({
    where: { id: SOURCE_ID },
    data: { lastError: reason, lastErrorAt: reason ? now : null },
  });
}

export type SourceStatus = {
  checkpoint: string | null;
  lastPollAt: Date | null;
  logsPulled: bigint;
  lagSeconds: number | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

export async function readSourceStatus(): Promise<SourceStatus> {
  const row = await db().auth0Source.findUnique({
    where: { id: SOURCE_ID },
    select: {
      checkpoint: true,
      lastPollAt: true,
      logsPulled: true,
      lagSeconds: true,
      lastError: true,
      lastErrorAt: true,
    },
  });
  return (
    row ?? {
      checkpoint: null,
      lastPollAt: null,
      logsPulled: BigInt(0),
      lagSeconds: null,
      lastError: null,
      lastErrorAt: null,
    }
  );
}

import { db } from "@/lib/db/client";
import { sqliteTimestamp } from "@/lib/db/sqlite-direct";
import { eventDateMs } from "@/lib/events/datadog-window";
import type { IncomingEvent } from "@/lib/events/event-store";
import { itemJson } from "@/lib/events/item-json";
import { storeEvents, type StoreResult } from "@/lib/events/store";
import type { Auth0Log } from "./client";

/** The one source row. */
export const SOURCE_ID = "tenant";

/** Thrown inside a page's transaction when another process took the source over: nothing of the page is kept. */
export class SourceLeaseLostError extends Error {
  constructor() {
    super("another process took over pulling from Auth0");
  }
}

/** An Auth0 log as the event a webhook would have posted: `{log_id, data: <the log as Auth0 returned it>}`. */
export function eventOfLog(log: Auth0Log): IncomingEvent {
  return { logId: log.log_id, type: typeof log.type === "string" ? log.type : "", item: itemJson(log.log_id, log), dateMs: eventDateMs(log.date) };
}

export async function ensureSourceRow(): Promise<void> {
  await db().$executeRaw`INSERT INTO "Auth0Source" ("id") VALUES (${SOURCE_ID}) ON CONFLICT ("id") DO NOTHING`;
}

/** Takes (or keeps) the right to pull: free, ours, or expired. The same conditional UPDATE as stream leases. */
export async function claimSourceLease(workerId: string, now: Date, ttlMs: number): Promise<boolean> {
  const count = await db().$executeRaw`
    UPDATE "Auth0Source" SET "leaseOwner" = ${workerId}, "leaseExpiresAt" = ${new Date(now.getTime() + ttlMs)}
    WHERE "id" = ${SOURCE_ID} AND ("leaseOwner" IS NULL OR "leaseOwner" = ${workerId} OR "leaseExpiresAt" < ${now})`;
  return count === 1;
}

export async function releaseSourceLease(workerId: string): Promise<void> {
  await db().$executeRaw`UPDATE "Auth0Source" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "id" = ${SOURCE_ID} AND "leaseOwner" = ${workerId}`;
}

/** Where the walk goes on from for this tenant: the stored checkpoint when it belongs to `baseUrl`. */
export async function readCheckpoint(baseUrl: string): Promise<string | null> {
  const row = await db().auth0Source.findUnique({ where: { id: SOURCE_ID }, select: { checkpoint: true, checkpointBase: true } });
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
 * sets the lag to 0. Throws SourceLeaseLostError, storing nothing, when the lease is no longer ours.
 */
export async function storePage(workerId: string, baseUrl: string, logs: Auth0Log[], isCaughtUp: boolean, now: Date): Promise<StoreResult> {
  const checkpoint = logs.at(-1)!.log_id;
  const lag = isCaughtUp ? 0 : lagSecondsOf(logs, now);
  const pulled = BigInt(logs.length);
  const sql = `UPDATE "Auth0Source" SET "checkpoint" = ?, "checkpointBase" = ?, "logsPulled" = "logsPulled" + ?, "lastPollAt" = ?, "lagSeconds" = ?, "lastError" = NULL, "lastErrorAt" = NULL
    WHERE "id" = ? AND "leaseOwner" = ?`;
  return storeEvents(logs.map(eventOfLog), now, {
    onSqlite(sqlite) {
      const { changes } = sqlite.statement(sql).run(checkpoint, baseUrl, pulled, sqliteTimestamp(now), lag, SOURCE_ID, workerId);
      if (changes !== 1) throw new SourceLeaseLostError();
    },
    async onPostgres(client) {
      let parameter = 0;
      const { rowCount: changes } = await client.query(
        sql.replace(/\?/g, () => `$${++parameter}`),
        [checkpoint, baseUrl, pulled, now.toISOString(), lag, SOURCE_ID, workerId],
      );
      if (changes !== 1) throw new SourceLeaseLostError();
    },
  });
}

/** A poll that found nothing new: caught up. */
export async function recordCaughtUp(workerId: string, now: Date): Promise<void> {
  await db().auth0Source.updateMany({ where: { id: SOURCE_ID, leaseOwner: workerId }, data: { lastPollAt: now, lagSeconds: 0, lastError: null, lastErrorAt: null } });
}

/** Why pulling stopped or waits (shown on the Source page); `null` clears it. */
export async function recordSourceError(reason: string | null, now: Date): Promise<void> {
  await db().auth0Source.updateMany({ where: { id: SOURCE_ID }, data: { lastError: reason, lastErrorAt: reason ? now : null } });
}

export type SourceStatus = { checkpoint: string | null; lastPollAt: Date | null; logsPulled: bigint; lagSeconds: number | null; lastError: string | null; lastErrorAt: Date | null };

export async function readSourceStatus(): Promise<SourceStatus> {
  const row = await db().auth0Source.findUnique({
    where: { id: SOURCE_ID },
    select: { checkpoint: true, lastPollAt: true, logsPulled: true, lagSeconds: true, lastError: true, lastErrorAt: true },
  });
  return row ?? { checkpoint: null, lastPollAt: null, logsPulled: BigInt(0), lagSeconds: null, lastError: null, lastErrorAt: null };
}

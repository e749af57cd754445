import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

/** Rows deleted per statement, so a large prune never holds the write lock for long. */
const PRUNE_CHUNK_ROWS = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function retentionCutoff(now: Date): Date {
  return new Date(now.getTime() - env().LOGSTREAMS_RETENTION_DAYS * DAY_MS);
}

/**
 * The highest seq retention may delete: every event after the lowest cursor of the existing
 * streams (active, paused or suspended) is still to be delivered by one of them. Null when there
 * is no stream, so nothing is held.
 */
async function heldAfterSeq(): Promise<bigint | null> {
  const { _min } = await db().logStream.aggregate({ _min: { cursor: true } });
  return _min.cursor;
}

/**
 * Deletes events, failure records and counters older than the retention period, except events a
 * stream still has to deliver (and so their log_ids stay known to the dedupe); returns events deleted.
 */
export async function pruneExpired(now = new Date()): Promise<number> {
  const cutoff = retentionCutoff(now);
  // Beyond any seq: with no stream left, nothing is held.
  const maxDeletableSeq = (await heldAfterSeq()) ?? BigInt(Number.MAX_SAFE_INTEGER);
  let deleted = 0;
  for (;;) {
    // receivedAt grows with seq, so the expired events are the oldest seqs: each statement looks at
    // the oldest chunk only, and no index on receivedAt is needed (one cost ingestion ~15 %).
    const count = await db()
      .$executeRaw`DELETE FROM "Event" WHERE "seq" IN (SELECT "seq" FROM (SELECT "seq", "receivedAt" FROM "Event" WHERE "seq" <= ${maxDeletableSeq} ORDER BY "seq" LIMIT ${PRUNE_CHUNK_ROWS}) AS "oldest" WHERE "receivedAt" < ${cutoff})`;
    deleted += count;
    if (count < PRUNE_CHUNK_ROWS) break;
  }
  await db().deliveryFailure.deleteMany({ where: { occurredAt: { lt: cutoff } } });
  await db().streamMinuteStat.deleteMany({ where: { minute: { lt: cutoff } } });
  return deleted;
}

import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";

/** Tries of the conditional cursor move before giving up to a worker that keeps moving it (each try is a few ms). */
const MAX_SKIP_TRIES = 5;

/** How many events wait after the stream's place: what Skip to now would skip. */
export async function countWaitingEvents(streamId: string): Promise<number> {
  const stream = await db().logStream.findUniqueOrThrow({ where: { id: streamId }, select: { cursor: true } });
  return db().event.count({ where: { seq: { gt: stream.cursor } } });
}

/**
 * Moves the stream's place to the newest stored event, so what waits is never sent, and records
 * when and how many in Health. The lease is dropped too: a batch a worker has in flight cannot
 * then write its older place back over the new one (its record finds the lease lost).
 * Returns how many waiting events were skipped.
 */
export async function skipToNow(streamId: string, now: Date): Promise<number> {
  for (let tries = 1; ; tries += 1) {
    const stream = await db().logStream.findUniqueOrThrow({
      where: { id: streamId },
      select: { cursor: true, name: true },
    });
    const newest = await db().event.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
    const target = newest && newest.seq > stream.cursor ? newest.seq : stream.cursor;
    const skipped = await db().event.count({ where: { seq: { gt: stream.cursor, lte: target } } });
    const isMoved = await db().$transaction(async (tx) => {
      const { count } = await tx.logStream.updateMany({
        where: { id: streamId, cursor: stream.cursor },
        data: { cursor: target, leaseOwner: null, leaseExpiresAt: null, skippedAt: now, skippedCount: skipped },
      });
      if (count === 1)
        await recordAudit(
          {
            action: "stream.skipped",
            target: { type: "stream", id: streamId, name: stream.name },
            changes: { skipped },
          },
          { tx },
        );
      return count === 1;
    });
    if (isMoved) return skipped;
    if (tries >= MAX_SKIP_TRIES) throw new Error("the stream's place kept moving while skipping; nothing was skipped");
  }
}

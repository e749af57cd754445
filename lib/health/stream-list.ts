import { db } from "@/lib/db/client";
import type { LogStream } from "@/lib/db/models";

/** The window of the stream list's failure count. */
export const LIST_FAILURE_WINDOW_MS = 24 * 3_600_000;

export type StreamListHealth = {
  lastDeliveredAt: string | null;
  /** Events in failure records over the last 24 hours, from the per-minute counters. */
  failedLast24h: number;
  /** Events stored after the stream's cursor (an upper bound, as on Health and /metrics: events its filters skip count until passed). */
  backlog: number;
};

/**
 * Each stream's health at a glance for the stream list, in two queries whatever the number of
 * streams: the per-minute counters of the last 24 hours summed per stream, and the newest event's
 * seq (the end of the primary key, not a scan). The backlog is that seq minus the stream's cursor:
 * both are kept in the database, so it holds across restarts, pruning (an event a stream still
 * waits for is never pruned) and Skip to now (which moves the cursor to the newest event).
 */
export async function readStreamListHealth(
  streams: Pick<LogStream, "id" | "cursor" | "lastDeliveredAt">[],
  now = new Date(),
): Promise<Map<string, StreamListHealth>> {
  const [failedSums, newest] = await Promise.all([
    // streamId IN (…) and a minute range: the counters' primary key, so only the last day's rows are read.
    db().streamMinuteStat.groupBy({
      by: ["streamId"],
      where: {
        streamId: { in: streams.map((s) => s.id) },
        minute: { gt: new Date(now.getTime() - LIST_FAILURE_WINDOW_MS) },
      },
      _sum: { failed: true },
    }),
    db().event.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }),
  ]);
  const failedOf = new Map(failedSums.map((row) => [row.streamId, row._sum.failed ?? 0]));
  const maxSeq = newest?.seq ?? 0n;
  return new Map(
    streams.map((stream) => [
      stream.id,
      {
        lastDeliveredAt: stream.lastDeliveredAt?.toISOString() ?? null,
        failedLast24h: failedOf.get(stream.id) ?? 0,
        backlog: maxSeq > stream.cursor ? Number(maxSeq - stream.cursor) : 0,
      },
    ]),
  );
}

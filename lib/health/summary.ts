import { db } from "@/lib/db/client";
import type { LogStream } from "@/lib/db/models";
import { HEALTH_RANGES, type HealthRange } from "./ranges";

export { HEALTH_RANGES, type HealthRange };

export type HealthPoint = { at: string; delivered: number; failed: number };

export type HealthSummary = {
  deliveredInRange: number;
  failedInRange: number;
  /** Delivered in the range without their date, being older than Datadog's 18-hour window. */
  delayedInRange: number;
  series: HealthPoint[];
  lastDeliveredAt: string | null;
  /** Events stored after the stream's cursor (an upper bound: events the filters skip are included). */
  backlog: number;
  /** Age in ms of the oldest event not yet handled (the backlog's age); 0 when caught up. */
  lagMs: number;
  /** When the oldest event not yet handled was received; retention keeps it while the stream exists. */
  oldestWaitingAt: string | null;
  failingSince: string | null;
  /** Why delivery of the stream is held back, since when, and its next try (see lib/delivery/hold.ts); null when it is not. */
  held: { reason: string; since: string; retryAt: string | null } | null;
  /** A stream suspended for a rejected key: when Datadog's key check is next asked (lib/delivery/key-heal.ts). */
  keyCheckAt: string | null;
  /** When the key check last found the key valid again and resumed the stream. */
  keyAcceptedAt: string | null;
  /** The last Skip to now: when, and how many waiting events it skipped. */
  skipped: { at: string; count: number } | null;
};

/** Reads only the per-minute counters and two index lookups: never scans the event table. */
export async function getHealthSummary(
  stream: LogStream,
  range: HealthRange,
  now = new Date(),
): Promise<HealthSummary> {
  const { durationMs, bucketMs } = HEALTH_RANGES[range];
  const start = Math.floor((now.getTime() - durationMs) / bucketMs) * bucketMs + bucketMs;
  const [stats, newest, oldestWaiting] = await Promise.all([
    db().streamMinuteStat.findMany({ where: { streamId: stream.id, minute: { gte: new Date(start) } } }),
    db().event.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }),
    db().event.findFirst({
      where: { seq: { gt: stream.cursor } },
      orderBy: { seq: "asc" },
      select: { receivedAt: true },
    }),
  ]);

  const series: HealthPoint[] = [];
  for (let at = start; at <= now.getTime(); at += bucketMs)
    series.push({ at: new Date(at).toISOString(), delivered: 0, failed: 0 });
  let delayedInRange = 0;
  for (const stat of stats) {
    delayedInRange += stat.delayed;
    const point = series[Math.floor((stat.minute.getTime() - start) / bucketMs)];
    if (!point) continue;
    point.delivered += stat.delivered;
    point.failed += stat.failed;
  }

  return {
    deliveredInRange: series.reduce((sum, p) => sum + p.delivered, 0),
    failedInRange: series.reduce((sum, p) => sum + p.failed, 0),
    delayedInRange,
    series,
    lastDeliveredAt: stream.lastDeliveredAt?.toISOString() ?? null,
    backlog: newest && newest.seq > stream.cursor ? Number(newest.seq - stream.cursor) : 0,
    lagMs: oldestWaiting ? Math.max(0, now.getTime() - oldestWaiting.receivedAt.getTime()) : 0,
    oldestWaitingAt: oldestWaiting?.receivedAt.toISOString() ?? null,
    failingSince: stream.failingSince?.toISOString() ?? null,
    held: stream.heldReason
      ? {
          reason: stream.heldReason,
          since: (stream.heldSince ?? now).toISOString(),
          retryAt: stream.heldUntil?.toISOString() ?? null,
        }
      : null,
    keyCheckAt: stream.status === "suspended" ? (stream.keyCheckAt?.toISOString() ?? null) : null,
    keyAcceptedAt: stream.keyAcceptedAt?.toISOString() ?? null,
    skipped: stream.skippedAt ? { at: stream.skippedAt.toISOString(), count: stream.skippedCount ?? 0 } : null,
  };
}

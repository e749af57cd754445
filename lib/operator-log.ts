import { db } from "@/lib/db/client";
import { logger } from "@/lib/logger";

// One JSON line per thing an operator may have to act on, each with stream_id (README, Operations).
// Never a key or a token: Datadog's answers are already masked (datadog-client.ts) and are not logged here.

export function logFailureRecorded(streamId: string, failure: { status: number | null; attempts: number; items: unknown[] }): void {
  logger.warn({ stream_id: streamId, status_code: failure.status, event_count: failure.items.length, attempts: failure.attempts }, "delivery failure recorded");
}

export function logSuspended(streamId: string, reason: string): void {
  logger.warn({ stream_id: streamId, reason }, "stream suspended");
}

export function logResumed(streamId: string): void {
  logger.info({ stream_id: streamId }, "stream resumed");
}

export function logRetryScheduled(streamId: string | undefined, status: number | null, attempt: number, delayMs: number): void {
  logger.info({ stream_id: streamId ?? null, status_code: status, attempt, delay_ms: delayMs }, "delivery retry scheduled");
}

/**
 * Takes a lease whose holder stopped renewing it (a worker that died or hung), and says so with
 * the holder's id. Conditioned on that holder, so two workers cannot both take it.
 */
export async function takeOverExpiredLease(streamId: string, workerId: string, now: Date, ttlMs: number): Promise<boolean> {
  const stale = await db().logStream.findFirst({ where: { id: streamId, status: "active", leaseExpiresAt: { lt: now } }, select: { leaseOwner: true } });
  if (!stale?.leaseOwner) return false;
  const count = await db().$executeRaw`
    UPDATE "LogStream" SET "leaseOwner" = ${workerId}, "leaseExpiresAt" = ${new Date(now.getTime() + ttlMs)}
    WHERE "id" = ${streamId} AND "status" = 'active' AND "leaseOwner" = ${stale.leaseOwner} AND "leaseExpiresAt" < ${now}`;
  if (count === 1) logger.warn({ stream_id: streamId, previous_worker: stale.leaseOwner, worker: workerId }, "lease taken over from a worker that stopped renewing it");
  return count === 1;
}

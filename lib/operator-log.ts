import { logger } from "@/lib/logger";

// One JSON line per thing an operator may have to act on, each with stream_id (README, Operations).
// Never a key or a token: Datadog's answers are already masked (datadog-client.ts) and are not logged here.

export function logFailureRecorded(
  streamId: string,
  failure: { status: number | null; attempts: number; items: unknown[] },
): void {
  logger.warn(
    { stream_id: streamId, status_code: failure.status, event_count: failure.items.length, attempts: failure.attempts },
    "delivery failure recorded",
  );
}

export function logSuspended(streamId: string, reason: string): void {
  logger.warn({ stream_id: streamId, reason }, "stream suspended");
}

export function logResumed(streamId: string): void {
  logger.info({ stream_id: streamId }, "stream resumed");
}

export function logRetryScheduled(
  streamId: string | undefined,
  status: number | null,
  attempt: number,
  delayMs: number,
): void {
  logger.info(
    { stream_id: streamId ?? null, status_code: status, attempt, delay_ms: delayMs },
    "delivery retry scheduled",
  );
}

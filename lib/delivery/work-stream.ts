import { logIfDatabaseDown } from "@/lib/db/outage";
import { claimLease, keepLease, LeaseLostError, releaseLease, streamLease } from "@/lib/leases/lease";
import { createRepeatLog, logger } from "@/lib/logger";
import { HOLD_CLEARED, holdReasonOf, holdStream, holdWaitMs } from "./hold";
import {
  prepareBatch,
  recordSent,
  sendPrepared,
  type BatchReport,
  type PreparedBatch,
  type SentBatch,
} from "./process-stream";
import type { DeliveryContext, PartResult } from "./send";

/** Batches of one stream sent at once: hides the intake's answer time; a crash may repeat this many. */
export const MAX_BATCHES_IN_FLIGHT = 3;

/** A promise awaited later: this keeps an early rejection from being reported as unhandled meanwhile. */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** A batch being sent; `answer` is set once its parts are known. */
type InFlightBatch = { prepared: PreparedBatch; parts: Promise<PartResult[]>; answer?: PartResult[] };

function sendInFlight(prepared: PreparedBatch, ctx: DeliveryContext): InFlightBatch {
  const batch: InFlightBatch = { prepared, parts: awaitedLater(sendPrepared(prepared, ctx)) };
  batch.parts.then((parts) => (batch.answer = parts)).catch(() => undefined);
  return batch;
}

/** The leases of one dispatcher's streams. */
export function createStreamClaims(workerId: string, leaseTtlMs: number, now: () => Date) {
  /** Streams one of this dispatcher's passes has claimed and not yet released: a claim would take our own lease again. */
  const claimedHere = new Set<string>();
  return {
    /** Claims a due stream unless a pass of this dispatcher works it already (runPass may run twice at once). */
    async claim(streamId: string): Promise<boolean> {
      if (claimedHere.has(streamId)) return false;
      claimedHere.add(streamId);
      let isClaimed = false;
      try {
        isClaimed = await claimLease(streamLease(streamId), workerId, now(), leaseTtlMs);
        return isClaimed;
      } finally {
        if (!isClaimed) claimedHere.delete(streamId);
      }
    },

    /** Gives the stream's lease back; `isHoldCleared` also ends its hold (its pass got through). */
    async release(streamId: string, isHoldCleared: boolean): Promise<void> {
      await releaseLease(streamLease(streamId), workerId, isHoldCleared ? HOLD_CLEARED : undefined).catch(
        () => undefined,
      );
      claimedHere.delete(streamId);
    },
  };
}

/** The streams one dispatcher holds back after an error, in this process when the database does not take the hold. */
export function createStreamHolds(now: () => Date) {
  /** Per stream, the hold reasons logged. */
  const holdLog = createRepeatLog();
  /** Streams whose hold the database did not take: held by this process instead, with the same growing wait. */
  const unrecordedHolds = new Map<string, { since: Date; untilMs: number }>();
  return {
    /** Holds a stream back after an error that stopped its pass (see hold.ts), and logs each distinct reason (and failure to hold) once. */
    async holdAfter(streamId: string, error: unknown): Promise<void> {
      // Without the database no hold can be stored, and the outage is logged once for all streams.
      if (await logIfDatabaseDown(error)) return;
      const reason = holdReasonOf(error);
      const at = now();
      const holdError = await holdStream(streamId, reason, at).then(
        () => null,
        (failure: unknown) => failure,
      );
      if (holdError) {
        const since = unrecordedHolds.get(streamId)?.since ?? at;
        unrecordedHolds.set(streamId, { since, untilMs: at.getTime() + holdWaitMs(since, at) });
      } else unrecordedHolds.delete(streamId);
      if (!holdLog.isNew(holdError ? `${reason}\n${String(holdError)}` : reason, streamId)) return;
      logger.error({ err: error, streamId }, `delivery held: ${reason}`);
      if (holdError) logger.error({ err: holdError, streamId }, "could not hold the stream");
    },

    /** The stream's pass got through: its hold here ends, and its next error is logged again. */
    clear(streamId: string): void {
      holdLog.end(streamId);
      unrecordedHolds.delete(streamId);
    },

    isHeldHere(streamId: string): boolean {
      return (unrecordedHolds.get(streamId)?.untilMs ?? 0) > now().getTime();
    },
  };
}

/** What working a stream needs from its dispatcher. */
export type StreamWorker = {
  workerId: string;
  leaseTtlMs: number;
  context: DeliveryContext;
  claims: ReturnType<typeof createStreamClaims>;
  holds: ReturnType<typeof createStreamHolds>;
  isStopped: () => boolean;
};

/** `stopsWithDispatcher` also ends the work when the dispatcher stops (not for runPass, which never starts). */
export type WorkLimit = { batches: number; deadline: number; stopsWithDispatcher: boolean };

/**
 * Works one leased stream batch by batch until it is caught up, halted, or `limit` says stop, then releases it.
 * An error other than a lost lease holds the stream back for a while instead of retrying it at once.
 */
export async function workStream(worker: StreamWorker, streamId: string, limit: WorkLimit): Promise<BatchReport[]> {
  const reports: BatchReport[] = [];
  const lease = keepLease(streamLease(streamId), worker.workerId, worker.leaseTtlMs, worker.context.now);
  const ctx: DeliveryContext = {
    ...worker.context,
    shouldContinue: () => lease.isHeld() && !(limit.stopsWithDispatcher && worker.isStopped()),
    deadline: Number.isFinite(limit.deadline) ? limit.deadline : undefined,
  };
  let isPassThrough = false;
  let stoppingError: unknown = null;
  try {
    isPassThrough = await sendBatches(streamId, worker.workerId, ctx, limit, reports);
  } catch (error) {
    if (!(error instanceof LeaseLostError)) stoppingError = error;
  } finally {
    lease.stop();
    if (stoppingError) await worker.holds.holdAfter(streamId, stoppingError);
    else if (isPassThrough) worker.holds.clear(streamId);
    await worker.claims.release(streamId, isPassThrough);
  }
  return reports;
}

/**
 * Sends up to `limit.batches` batches of a leased stream until its deadline, while `ctx` allows, adding each record's report to `reports`;
 * true once a batch was read (the pass got through).
 *
 * Up to MAX_BATCHES_IN_FLIGHT batches are sent at once while the next one is read, built and
 * compressed. Outcomes are recorded in send order, so the cursor only ever moves past finished
 * batches; after a halted batch the later ones' outcomes are dropped and their events sent again.
 * One record covers the oldest batch and every later one already answered: a record can wait for
 * the SQLite writer thread while it stores an ingest body, and recording batch by batch held
 * delivery during ingestion to one batch per such wait.
 */
async function sendBatches(
  streamId: string,
  workerId: string,
  ctx: DeliveryContext,
  limit: WorkLimit,
  reports: BatchReport[],
): Promise<boolean> {
  const inFlight: InFlightBatch[] = [];
  let next: Promise<PreparedBatch | null> | null = awaitedLater(prepareBatch(streamId, workerId));
  let batchesTaken = 0;
  let isPassThrough = false;
  try {
    for (;;) {
      // Limits stop the taking of new batches; those already sent are still recorded.
      const mayTakeMore = ctx.now().getTime() < limit.deadline && ctx.shouldContinue!();
      while (mayTakeMore && next && inFlight.length < MAX_BATCHES_IN_FLIGHT) {
        const prepared: PreparedBatch | null = await next;
        isPassThrough = true;
        if (!prepared) next = null;
        else {
          batchesTaken += 1;
          next = batchesTaken < limit.batches ? awaitedLater(prepareBatch(streamId, workerId, prepared)) : null;
          inFlight.push(sendInFlight(prepared, ctx));
        }
      }
      const oldest = inFlight.shift();
      if (!oldest) break;
      const sent: SentBatch[] = [{ prepared: oldest.prepared, parts: await oldest.parts }];
      while (inFlight[0]?.answer) {
        const answered = inFlight.shift()!;
        sent.push({ prepared: answered.prepared, parts: answered.answer! });
      }
      const report = await recordSent(streamId, workerId, sent, ctx.now());
      reports.push(report);
      if (report.status !== "progressed") break;
    }
  } finally {
    await Promise.allSettled(inFlight.map((batch) => batch.parts));
  }
  return isPassThrough;
}

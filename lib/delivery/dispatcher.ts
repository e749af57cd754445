import { pruneAuditRecords } from "@/lib/audit/retention";
import { logIfDatabaseBack, logIfDatabaseDown } from "@/lib/db/outage";
import { env } from "@/lib/env";
import { pruneExpired } from "@/lib/events/retention";
import { onEventsStored } from "@/lib/events/wake";
import { claimLease, dueStreamIds, keepLease, LeaseLostError, newWorkerId, releaseLease, streamLease } from "@/lib/leases/lease";
import { createRepeatLog, logger } from "@/lib/logger";
import { defaultDeliveryContext } from "./context";
import { endHoldWaits, HOLD_CLEARED, holdReasonOf, holdStream, holdWaitMs } from "./hold";
import { healSuspendedStreams } from "./key-heal";
import { prepareBatch, recordSent, sendPrepared, type BatchReport, type PreparedBatch, type SentBatch } from "./process-stream";
import type { DeliveryContext, PartResult } from "./send";

/** Streams are looked at this often even when no in-process ingest wakes the dispatcher. */
export const POLL_INTERVAL_MS = 500;
/** Streams one process works at once; the rest wait for a free slot or another worker. */
const MAX_CONCURRENT_STREAMS = 16;
/** New streams one tick may claim, so that workers started together share the streams between them. */
const MAX_CLAIMS_PER_TICK = 4;
/** Batches of one stream sent at once: hides the intake's answer time; a crash may repeat this many. */
export const MAX_BATCHES_IN_FLIGHT = 3;
const PRUNE_INTERVAL_MS = 10 * 60_000;
/** Streams suspended for a rejected key are looked at this often; each one's own wait is in key-heal.ts. */
const KEY_HEAL_INTERVAL_MS = 60_000;

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

export type DispatcherOptions = Partial<Omit<DeliveryContext, "shouldContinue">> & {
  workerId?: string;
  leaseTtlMs?: number;
  pollIntervalMs?: number;
  maxConcurrentStreams?: number;
};

/**
 * What a pass did; `deferred` events were stopped by the deadline (or a lost lease) and
 * `streamsLeft` due streams were not reached: the next pass sends them.
 */
export type PassSummary = { streams: number; delivered: number; failed: number; deferred: number; streamsLeft: number };

export function createDispatcher(options: DispatcherOptions = {}) {
  const workerId = options.workerId ?? newWorkerId();
  const defaults = defaultDeliveryContext();
  const baseContext: DeliveryContext = {
    urlTemplate: options.urlTemplate ?? defaults.urlTemplate,
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    now: options.now ?? defaults.now,
    sleep: options.sleep ?? defaults.sleep,
    random: options.random,
  };
  const maxConcurrent = options.maxConcurrentStreams ?? MAX_CONCURRENT_STREAMS;
  const leaseTtlMs = options.leaseTtlMs ?? env().LOGSTREAMS_LEASE_TTL_SECONDS * 1000;
  const working = new Map<string, Promise<void>>();
  /** Streams one of this dispatcher's passes has claimed and not yet released: a claim would take our own lease again. */
  const claimedHere = new Set<string>();
  /** Per stream, the hold reasons logged; alone, the tick's errors (polled every POLL_INTERVAL_MS). */
  const holdLog = createRepeatLog();
  const tickLog = createRepeatLog();
  /** Streams whose hold the database did not take: held by this process instead, with the same growing wait. */
  const unrecordedHolds = new Map<string, { since: Date; untilMs: number }>();
  let isStopped = true;
  let isTicking = false;
  let isTickRequested = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let healTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  /** Claims a due stream unless a pass of this dispatcher works it already (runPass may run twice at once). */
  async function claimStream(streamId: string): Promise<boolean> {
    if (claimedHere.has(streamId)) return false;
    claimedHere.add(streamId);
    let isClaimed = false;
    try {
      isClaimed = await claimLease(streamLease(streamId), workerId, baseContext.now(), leaseTtlMs);
      return isClaimed;
    } finally {
      if (!isClaimed) claimedHere.delete(streamId);
    }
  }

  /**
   * Holds a stream back after an error that stopped its pass (see hold.ts), in this process when the
   * database does not take the hold, and logs each distinct reason (and failure to hold) once.
   */
  async function holdAfter(streamId: string, error: unknown): Promise<void> {
    // Without the database no hold can be stored, and the outage is logged once for all streams.
    if (await logIfDatabaseDown(error)) return;
    const reason = holdReasonOf(error);
    const now = baseContext.now();
    const holdError = await holdStream(streamId, reason, now).then(
      () => null,
      (failure: unknown) => failure,
    );
    if (holdError) {
      const since = unrecordedHolds.get(streamId)?.since ?? now;
      unrecordedHolds.set(streamId, { since, untilMs: now.getTime() + holdWaitMs(since, now) });
    } else unrecordedHolds.delete(streamId);
    if (!holdLog.isNew(holdError ? `${reason}\n${String(holdError)}` : reason, streamId)) return;
    logger.error({ err: error, streamId }, `delivery held: ${reason}`);
    if (holdError) logger.error({ err: holdError, streamId }, "could not hold the stream");
  }

  /**
   * Works one leased stream batch by batch until it is caught up, halted, or `limit` says stop;
   * `stopsWithDispatcher` also ends it when stop() is called (not for runPass, which never starts).
   * An error other than a lost lease holds the stream back for a while instead of retrying it at once.
   */
  async function workStream(streamId: string, limit: { batches: number; deadline: number; stopsWithDispatcher: boolean }): Promise<BatchReport[]> {
    const reports: BatchReport[] = [];
    const lease = keepLease(streamLease(streamId), workerId, leaseTtlMs, baseContext.now);
    const ctx: DeliveryContext = {
      ...baseContext,
      shouldContinue: () => lease.isHeld() && !(limit.stopsWithDispatcher && isStopped),
      deadline: Number.isFinite(limit.deadline) ? limit.deadline : undefined,
    };
    // Up to MAX_BATCHES_IN_FLIGHT batches are sent at once while the next one is read, built and
    // compressed. Outcomes are recorded in send order, so the cursor only ever moves past finished
    // batches; after a halted batch the later ones' outcomes are dropped and their events sent again.
    // One record covers the oldest batch and every later one already answered: a record can wait
    // up to ~15 ms for the SQLite writer thread while it stores an ingest body, and recording batch
    // by batch held delivery during ingestion to one batch per such wait.
    const inFlight: InFlightBatch[] = [];
    let next: Promise<PreparedBatch | null> | null = awaitedLater(prepareBatch(streamId, workerId));
    let batchesTaken = 0;
    let isPassThrough = false;
    let stoppingError: unknown = null;
    try {
      for (;;) {
        // Limits stop the taking of new batches; those already sent are still recorded.
        const mayTakeMore = baseContext.now().getTime() < limit.deadline && ctx.shouldContinue!();
        while (mayTakeMore && next && inFlight.length < MAX_BATCHES_IN_FLIGHT) {
          const prepared: PreparedBatch | null = await next;
          isPassThrough = true;
          if (!prepared) next = null;
          else {
            batchesTaken += 1;
            next = batchesTaken < limit.batches ? awaitedLater(prepareBatch(streamId, workerId, prepared.lastSeq)) : null;
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
    } catch (error) {
      isPassThrough = false;
      if (!(error instanceof LeaseLostError)) stoppingError = error;
    } finally {
      await Promise.allSettled(inFlight.map((batch) => batch.parts));
      lease.stop();
      if (stoppingError) await holdAfter(streamId, stoppingError);
      else if (isPassThrough) {
        holdLog.end(streamId);
        unrecordedHolds.delete(streamId);
      }
      await releaseLease(streamLease(streamId), workerId, isPassThrough ? HOLD_CLEARED : undefined).catch(() => undefined);
      claimedHere.delete(streamId);
    }
    return reports;
  }

  async function tick(): Promise<void> {
    if (isTicking) {
      isTickRequested = true;
      return;
    }
    isTicking = true;
    try {
      let claims = 0;
      for (const streamId of await dueStreamIds(baseContext.now(), workerId)) {
        if (isStopped || working.size >= maxConcurrent || claims >= MAX_CLAIMS_PER_TICK) break;
        const isHeldHere = (unrecordedHolds.get(streamId)?.untilMs ?? 0) > baseContext.now().getTime();
        if (working.has(streamId) || isHeldHere || !(await claimStream(streamId))) continue;
        claims += 1;
        const run = workStream(streamId, { batches: Infinity, deadline: Infinity, stopsWithDispatcher: true }).then(() => {
          working.delete(streamId);
          requestTick();
        });
        working.set(streamId, run);
      }
      tickLog.end();
      logIfDatabaseBack();
    } catch (error) {
      if (!(await logIfDatabaseDown(error)) && tickLog.isNew(error)) logger.error({ err: error }, "dispatcher tick failed");
    } finally {
      isTicking = false;
    }
    if (isTickRequested) {
      isTickRequested = false;
      requestTick();
    }
  }

  function requestTick() {
    if (!isStopped) setImmediate(() => void tick());
  }

  return {
    workerId,

    /** Runs until stop(): wakes on in-process ingests and polls for the rest. */
    start() {
      if (!isStopped) return;
      isStopped = false;
      unsubscribe = onEventsStored(requestTick);
      // A held stream is tried once at start: the process may have been restarted to fix its cause.
      void endHoldWaits()
        .catch((error: unknown) => logger.error({ err: error }, "could not end hold waits"))
        .then(requestTick);
      pollTimer = setInterval(() => void tick(), options.pollIntervalMs ?? POLL_INTERVAL_MS);
      const prune = () =>
        void Promise.all([pruneExpired(baseContext.now()), pruneAuditRecords(baseContext.now())]).catch(async (error: unknown) => {
          if (!(await logIfDatabaseDown(error))) logger.error({ err: error }, "retention prune failed");
        });
      pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS);
      const heal = () =>
        void healSuspendedStreams(baseContext.now()).then(
          (resumed) => resumed > 0 && requestTick(),
          async (error: unknown) => {
            if (!(await logIfDatabaseDown(error))) logger.error({ err: error }, "key check of suspended streams failed");
          },
        );
      healTimer = setInterval(heal, KEY_HEAL_INTERVAL_MS);
      prune();
      requestTick();
    },

    /** Stops taking work, lets batches in flight finish, and releases every lease. */
    async stop() {
      isStopped = true;
      clearInterval(pollTimer);
      clearInterval(pruneTimer);
      clearInterval(healTimer);
      unsubscribe?.();
      await Promise.all(working.values());
    },

    /** One bounded pass over every due stream (for cron-style hosting and tests). */
    async runPass(limits: { maxBatchesPerStream?: number; maxDurationMs?: number } = {}): Promise<PassSummary> {
      const deadline = baseContext.now().getTime() + (limits.maxDurationMs ?? 50_000);
      const summary: PassSummary = { streams: 0, delivered: 0, failed: 0, deferred: 0, streamsLeft: 0 };
      await healSuspendedStreams(baseContext.now());
      for (const streamId of await dueStreamIds(baseContext.now(), workerId)) {
        if (baseContext.now().getTime() >= deadline) {
          summary.streamsLeft += 1;
          continue;
        }
        if (!(await claimStream(streamId))) continue;
        const reports = await workStream(streamId, { batches: limits.maxBatchesPerStream ?? 100, deadline, stopsWithDispatcher: false });
        summary.streams += 1;
        for (const report of reports) {
          summary.delivered += report.delivered;
          summary.failed += report.failed;
          summary.deferred += report.deferred;
        }
      }
      return summary;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

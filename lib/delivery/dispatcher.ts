import { pruneAuditRecords } from "@/lib/audit/retention";
import { logIfDatabaseDown, runRound } from "@/lib/db/outage";
import { env } from "@/lib/env";
import { pruneExpired } from "@/lib/events/retention";
import { onWake } from "@/lib/events/wake";
import { dueStreamIds, newWorkerId } from "@/lib/leases/lease";
import { createRepeatLog, logger } from "@/lib/logger";
import { defaultDeliveryContext } from "./context";
import { endHoldWaits } from "./hold";
import { healSuspendedStreams } from "./key-heal";
import type { DeliveryContext } from "./send";
import { createStreamClaims, createStreamHolds, workStream, type StreamWorker } from "./work-stream";

/** Streams are looked at this often even when no in-process ingest wakes the dispatcher. */
export const POLL_INTERVAL_MS = 500;
/** Streams one process works at once; the rest wait for a free slot or another worker. */
const MAX_CONCURRENT_STREAMS = 16;
/** New streams one tick may claim, so that workers started together share the streams between them. */
const MAX_CLAIMS_PER_TICK = 4;
const PRUNE_INTERVAL_MS = 10 * 60_000;
/** Streams suspended for a rejected key are looked at this often; each one's own wait is in key-heal.ts. */
const KEY_HEAL_INTERVAL_MS = 60_000;

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
  const context: DeliveryContext = {
    urlTemplate: options.urlTemplate ?? defaults.urlTemplate,
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    now: options.now ?? defaults.now,
    sleep: options.sleep ?? defaults.sleep,
    random: options.random,
  };
  const leaseTtlMs = options.leaseTtlMs ?? env().LOGSTREAMS_LEASE_TTL_SECONDS * 1000;
  let isStopped = true;
  const worker: StreamWorker = {
    workerId,
    leaseTtlMs,
    context,
    claims: createStreamClaims(workerId, leaseTtlMs, context.now),
    holds: createStreamHolds(context.now),
    isStopped: () => isStopped,
  };
  const working = new Map<string, Promise<void>>();
  const { tick, requestTick } = createClaimTick(
    worker,
    working,
    options.maxConcurrentStreams ?? MAX_CONCURRENT_STREAMS,
  );
  let stopTimers: (() => void) | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;

  return {
    workerId,

    /** Runs until stop(): wakes when work may be due (wake.ts) and polls for what a wake missed. */
    start() {
      if (!isStopped) return;
      isStopped = false;
      unsubscribe = onWake(requestTick);
      // A held stream is tried once at start: the process may have been restarted to fix its cause.
      void endHoldWaits()
        .catch((error: unknown) => logger.error({ err: error }, "could not end hold waits"))
        .then(requestTick);
      stopTimers = startTimers(context.now, options.pollIntervalMs ?? POLL_INTERVAL_MS, tick, requestTick);
      requestTick();
    },

    /** Stops taking work, lets batches in flight finish, and releases every lease. */
    async stop() {
      isStopped = true;
      stopTimers?.();
      await Promise.all([unsubscribe?.(), ...working.values()]);
    },

    /** One bounded pass over every due stream (for cron-style hosting and tests). */
    runPass: (limits: { maxBatchesPerStream?: number; maxDurationMs?: number } = {}) => runPass(worker, limits),
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/**
 * The dispatcher's tick: claims due streams into free slots (`working`, at most `maxConcurrent`), a few a tick,
 * and works each until it is caught up, then asks for another tick. A tick requested while one runs runs after it.
 */
function createClaimTick(worker: StreamWorker, working: Map<string, Promise<void>>, maxConcurrent: number) {
  /** The tick's errors, each logged once (it runs every POLL_INTERVAL_MS). */
  const tickLog = createRepeatLog();
  let isTicking = false;
  let isTickRequested = false;

  async function claimDueStreams(): Promise<void> {
    let claims = 0;
    for (const streamId of await dueStreamIds(worker.context.now(), worker.workerId)) {
      if (worker.isStopped() || working.size >= maxConcurrent || claims >= MAX_CLAIMS_PER_TICK) break;
      if (working.has(streamId) || worker.holds.isHeldHere(streamId) || !(await worker.claims.claim(streamId)))
        continue;
      claims += 1;
      const run = workStream(worker, streamId, {
        batches: Infinity,
        deadline: Infinity,
        stopsWithDispatcher: true,
      }).then(() => {
        working.delete(streamId);
        requestTick();
      });
      working.set(streamId, run);
    }
  }

  async function tick(): Promise<void> {
    if (isTicking) {
      isTickRequested = true;
      return;
    }
    isTicking = true;
    try {
      await runRound(claimDueStreams, tickLog, (error) => logger.error({ err: error }, "dispatcher tick failed"));
    } finally {
      isTicking = false;
    }
    if (isTickRequested) {
      isTickRequested = false;
      requestTick();
    }
  }

  function requestTick() {
    if (!worker.isStopped()) setImmediate(() => void tick());
  }

  return { tick, requestTick };
}

/** The timers of a started dispatcher: the poll, the retention prune (also run now) and the key check of suspended streams. */
function startTimers(
  now: () => Date,
  pollIntervalMs: number,
  tick: () => Promise<void>,
  requestTick: () => void,
): () => void {
  const pollTimer = setInterval(() => void tick(), pollIntervalMs);
  const pruneTimer = setInterval(() => pruneRetention(now), PRUNE_INTERVAL_MS);
  const healTimer = setInterval(() => healSuspended(now, requestTick), KEY_HEAL_INTERVAL_MS);
  pruneRetention(now);
  return () => {
    clearInterval(pollTimer);
    clearInterval(pruneTimer);
    clearInterval(healTimer);
  };
}

function pruneRetention(now: () => Date): void {
  void Promise.all([pruneExpired(now()), pruneAuditRecords(now())]).catch(async (error: unknown) => {
    if (!(await logIfDatabaseDown(error))) logger.error({ err: error }, "retention prune failed");
  });
}

/** Resumes the suspended streams whose key now works, and asks for a tick when one did. */
function healSuspended(now: () => Date, requestTick: () => void): void {
  void healSuspendedStreams(now()).then(
    (resumed) => resumed > 0 && requestTick(),
    async (error: unknown) => {
      if (!(await logIfDatabaseDown(error))) logger.error({ err: error }, "key check of suspended streams failed");
    },
  );
}

async function runPass(
  worker: StreamWorker,
  limits: { maxBatchesPerStream?: number; maxDurationMs?: number },
): Promise<PassSummary> {
  const { now } = worker.context;
  const deadline = now().getTime() + (limits.maxDurationMs ?? 50_000);
  const summary: PassSummary = { streams: 0, delivered: 0, failed: 0, deferred: 0, streamsLeft: 0 };
  await healSuspendedStreams(now());
  for (const streamId of await dueStreamIds(now(), worker.workerId)) {
    if (now().getTime() >= deadline) {
      summary.streamsLeft += 1;
      continue;
    }
    if (!(await worker.claims.claim(streamId))) continue;
    const reports = await workStream(worker, streamId, {
      batches: limits.maxBatchesPerStream ?? 100,
      deadline,
      stopsWithDispatcher: false,
    });
    summary.streams += 1;
    for (const report of reports) {
      summary.delivered += report.delivered;
      summary.failed += report.failed;
      summary.deferred += report.deferred;
    }
  }
  return summary;
}

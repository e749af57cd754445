import { logIfDatabaseBack, logIfDatabaseDown } from "@/lib/db/outage";
import { claimLease, keepLease, LeaseLostError, newWorkerId, releaseLease } from "@/lib/leases/lease";
import { wakeDispatchers } from "@/lib/events/wake";
import { env } from "@/lib/env";
import { createRepeatLog, logger } from "@/lib/logger";
import { createAuth0Client, PAGE_SIZE, type Auth0Client, type Auth0Credentials } from "./client";
import { waitAfter, type PassOutcome } from "./waits";
import { readSourceCredentials } from "./settings";
import {
  ensureSourceRow,
  readCheckpoint,
  recordCaughtUp,
  recordSourceError,
  SOURCE_LEASE,
  storePage,
} from "./source-store";

export type PullerOptions = {
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  workerId?: string;
  leaseTtlMs?: number;
  pollMs?: number;
  /** AUTH0_LOGS_FROM: where the first walk starts when no checkpoint is stored. */
  logsFrom?: string;
};

export type PassSummary = { outcome: PassOutcome; pulled: number; stored: number };

const sameCredentials = (a: Auth0Credentials, b: Auth0Credentials) =>
  a.baseUrl === b.baseUrl && a.clientId === b.clientId && a.clientSecret === b.clientSecret;

/**
 * Pulls the tenant's logs by checkpoint into the event store, one process at a time (a lease on
 * the source row). start() runs until stop(); runPass() walks once, for `POST /api/dispatch`.
 */
export function createAuth0Puller(options: PullerOptions = {}) {
  const settings = env();
  const now = options.now ?? (() => new Date());
  const workerId = options.workerId ?? newWorkerId();
  const leaseTtlMs = options.leaseTtlMs ?? settings.LOGSTREAMS_LEASE_TTL_SECONDS * 1000;
  const pollMs = options.pollMs ?? settings.AUTH0_LOGS_POLL_SECONDS * 1000;
  const logsFrom = options.logsFrom ?? settings.AUTH0_LOGS_FROM;
  const clients = createClientCache(now);
  const reporter = createPassReporter(pollMs, now);
  const sleeper = createWakeableSleep(options.sleep);
  let isStopped = true;
  let running: Promise<void> | null = null;

  async function pass(deadline: number): Promise<PassSummary> {
    const summary: PassSummary = { outcome: { kind: "not_configured" }, pulled: 0, stored: 0 };
    const credentials = await readSourceCredentials();
    if (!credentials) return summary;
    await ensureSourceRow();
    if (!(await claimLease(SOURCE_LEASE, workerId, now(), leaseTtlMs))) {
      summary.outcome = { kind: "lease_lost" };
      return summary;
    }
    const lease = keepLease(SOURCE_LEASE, workerId, leaseTtlMs, now);
    try {
      const context = {
        api: clients.clientFor(credentials),
        baseUrl: credentials.baseUrl,
        logsFrom: logsFrom ?? null,
        workerId,
        now,
        deadline,
        isLeaseHeld: lease.isHeld,
      };
      summary.outcome = await walkPages(context, summary);
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      summary.outcome = { kind: "lease_lost" };
    } finally {
      lease.stop();
    }
    await reporter.report(summary.outcome);
    return summary;
  }

  async function loop(): Promise<void> {
    while (!isStopped) {
      let waitMs = pollMs;
      try {
        const { outcome } = await pass(Infinity);
        logIfDatabaseBack();
        waitMs = reporter.waitAfter(outcome).ms;
      } catch (error) {
        // Tried again after the poll interval; a database outage is logged once for the process (outage.ts).
        if (!(await logIfDatabaseDown(error))) reporter.logError(error);
      }
      await waitOrSettingsChange(waitMs);
    }
  }

  /** A long wait (refused credentials, a far rate-limit reset) ends early once the settings change: a fix is tried at once. */
  async function waitOrSettingsChange(ms: number): Promise<void> {
    const until = now().getTime() + ms;
    const waitedFor = clients.lastCredentials();
    for (let left = ms; left > 0 && !isStopped; left = until - now().getTime()) {
      await sleeper.sleep(Math.min(left, pollMs));
      const current = await readSourceCredentials().catch(() => waitedFor);
      if (waitedFor && (!current || !sameCredentials(current, waitedFor))) return;
    }
  }

  return {
    workerId,

    /** Pulls until stop(): page after page, then every poll interval; waits after errors (see waits.ts). */
    start() {
      if (!isStopped) return;
      isStopped = false;
      running = loop();
    },

    async stop() {
      isStopped = true;
      sleeper.wake();
      await running;
      await releaseLease(SOURCE_LEASE, workerId).catch(() => undefined);
    },

    /** One walk of at most `maxDurationMs` (for cron-style hosting and tests); the lease is given back after. */
    async runPass(limits: { maxDurationMs?: number } = {}): Promise<PassSummary> {
      try {
        return await pass(now().getTime() + (limits.maxDurationMs ?? 50_000));
      } finally {
        await releaseLease(SOURCE_LEASE, workerId).catch(() => undefined);
      }
    },
  };
}

export type Auth0Puller = ReturnType<typeof createAuth0Puller>;

/** One client (and its token) for as long as the credentials stay the same. */
function createClientCache(now: () => Date) {
  let client: { credentials: Auth0Credentials; api: Auth0Client } | null = null;
  return {
    clientFor(credentials: Auth0Credentials): Auth0Client {
      if (!client || !sameCredentials(client.credentials, credentials))
        client = { credentials, api: createAuth0Client(credentials, { now }) };
      return client.api;
    },
    lastCredentials: (): Auth0Credentials | undefined => client?.credentials,
  };
}

type WalkContext = {
  api: Auth0Client;
  baseUrl: string;
  logsFrom: string | null;
  workerId: string;
  now: () => Date;
  deadline: number;
  isLeaseHeld: () => boolean;
};

/** Walks page after page until a short page, an answer that is not logs, or the deadline. */
async function walkPages(
  { api, baseUrl, logsFrom, workerId, now, deadline, isLeaseHeld }: WalkContext,
  summary: PassSummary,
): Promise<PassOutcome> {
  for (;;) {
    if (now().getTime() >= deadline) return { kind: "deadline" };
    if (!isLeaseHeld()) return { kind: "lease_lost" };
    const checkpoint = (await readCheckpoint(baseUrl)) ?? logsFrom;
    const answer = checkpoint ? await api.logsAfter(checkpoint) : await api.oldestLog();
    if (answer.kind !== "logs") return answer;
    if (answer.logs.length === 0) {
      await recordCaughtUp(workerId, now());
      return { kind: "caught_up" };
    }
    // The oldest-log search returns one log: the walk goes on from it.
    const isShortPage = checkpoint !== null && answer.logs.length < PAGE_SIZE;
    const stored = await storePage(workerId, baseUrl, answer.logs, isShortPage, now());
    summary.pulled += answer.logs.length;
    summary.stored += stored.accepted;
    if (stored.accepted > 0) wakeDispatchers("events");
    if (isShortPage) return { kind: "caught_up" };
  }
}

/** Counts the failed passes in a row (the wait after a pass grows with them) and records and logs, each distinct reason once, why pulling waits. */
function createPassReporter(pollMs: number, now: () => Date) {
  let failuresInARow = 0;
  const failures = createRepeatLog();
  return {
    waitAfter: (outcome: PassOutcome) => waitAfter(outcome, { pollMs, failuresInARow }),

    /** Records and logs why pulling waits; clears it once logs flow again. */
    async report(outcome: PassOutcome): Promise<void> {
      if (outcome.kind === "unavailable" || outcome.kind === "refused") failuresInARow += 1;
      else if (outcome.kind === "caught_up" || outcome.kind === "deadline") failuresInARow = 0;
      const wait = waitAfter(outcome, { pollMs, failuresInARow });
      if (!wait.reason) {
        if ((outcome.kind === "caught_up" || outcome.kind === "deadline") && failures.end() !== null)
          logger.info("pulling from Auth0 works again");
        return;
      }
      await recordSourceError(wait.reason, now());
      if (failures.isNew(`${outcome.kind}:${"status" in outcome ? outcome.status : ""}`)) {
        logger.warn(
          { reason: wait.reason },
          outcome.kind === "refused" ? "pulling from Auth0 stopped: credentials refused" : "pulling from Auth0 failed",
        );
      }
    },

    logError(error: unknown): void {
      if (failures.isNew(error)) logger.error({ err: error }, "pulling from Auth0 failed");
    },
  };
}

/** A sleep that wake() cuts short (stop() does not wait out a poll interval). */
function createWakeableSleep(sleepOverride?: (ms: number) => Promise<void>) {
  let wakeSleeper: (() => void) | null = null;
  return {
    sleep(ms: number): Promise<void> {
      if (sleepOverride) return sleepOverride(ms);
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wakeSleeper = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    wake(): void {
      wakeSleeper?.();
    },
  };
}

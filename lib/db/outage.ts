import { createRepeatLog, logger, type RepeatLog } from "@/lib/logger";
import { db } from "./client";
import { isDatabaseUnreachable, shortReason } from "./unreachable";

// Requests and the worker's loops (delivery, stream alerts, the Auth0 pull, retention, key checks)
// all meet the same cause when the database goes away: it is logged once for the process, not by
// each request or each loop on each try (a 5 s poll made ~720 lines an hour), and its end once.

const OUTAGE_MESSAGE =
  "database unreachable: requests are answered 503 with Retry-After; delivery, alerts and the Auth0 pull wait and retry until it answers";

// On globalThis: Next bundles instrumentation (the dispatcher) and route handlers apart, each with its own module copy.
const shared = globalThis as { logStreamsOutageLog?: RepeatLog };
const outage = (shared.logStreamsOutageLog ??= createRepeatLog());

function logOutage(error: unknown): void {
  if (outage.isNew("unreachable")) logger.error({ reason: shortReason(error) }, OUTAGE_MESSAGE);
}

async function isDatabaseReachable(): Promise<boolean> {
  try {
    await db().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

/** For a request that failed with `error`: true when it says the database could not be reached (the outage is then logged, once). */
export function logIfDatabaseUnreachable(error: unknown): boolean {
  if (!isDatabaseUnreachable(error)) return false;
  logOutage(error);
  return true;
}

/**
 * For a loop whose try failed with `error`: true when the database does not answer. The outage
 * is then logged here, once until it ends, and the caller logs nothing.
 */
export async function logIfDatabaseDown(error: unknown): Promise<boolean> {
  if (await isDatabaseReachable()) return false;
  logOutage(error);
  return true;
}

/** For a request or a loop's try that went through: ends a logged outage with one line. */
export function logIfDatabaseBack(): void {
  const lastedMs = outage.end();
  if (lastedMs !== null)
    logger.info(
      { outage_seconds: Math.round(lastedMs / 1000) },
      `database reachable again after ${Math.round(lastedMs / 1000)} s`,
    );
}

/**
 * One round of a background loop: `work`, then a logged outage's end. When it fails, a database
 * outage is logged once for the process, and any other reason by `log`, once while it repeats.
 */
export async function runRound(
  work: () => Promise<unknown>,
  failures: RepeatLog,
  log: (error: unknown) => void,
): Promise<void> {
  try {
    await work();
    failures.end();
    logIfDatabaseBack();
  } catch (error) {
    if (!(await logIfDatabaseDown(error)) && failures.isNew(error)) log(error);
  }
}

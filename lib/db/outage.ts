import { createRepeatLog, logger } from "@/lib/logger";
import { db } from "./client";

// The worker's loops (delivery, stream alerts, the Auth0 pull, retention, key checks) all stop on
// the same cause when the database goes away: it is logged once for the process, not by each
// loop on each try (a 5 s poll made ~720 lines an hour), and its end once.

const outage = createRepeatLog();

async function isDatabaseReachable(): Promise<boolean> {
  try {
    await db().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

/**
 * For a loop whose try failed with `error`: true when the database does not answer. The outage
 * is then logged here, once until it ends, and the caller logs nothing.
 */
export async function logIfDatabaseDown(error: unknown): Promise<boolean> {
  if (await isDatabaseReachable()) return false;
  if (outage.isNew("unreachable")) logger.error({ err: error }, "database unreachable: delivery, alerts and the Auth0 pull wait and retry until it answers");
  return true;
}

/** For a loop whose try went through: ends a logged outage with one line. */
export function logIfDatabaseBack(): void {
  const lastedMs = outage.end();
  if (lastedMs !== null) logger.info({ outage_seconds: Math.round(lastedMs / 1000) }, `database reachable again after ${Math.round(lastedMs / 1000)} s`);
}

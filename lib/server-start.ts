import { startAlertWatcher } from "@/lib/alerts/stream-alerts";
import { ensureCredentials } from "@/lib/auth/credentials";
import { createAuth0Puller } from "@/lib/sources/auth0/puller";
import { checkDatabaseReady } from "@/lib/db/health";
import { startSqliteWriter } from "@/lib/db/sqlite-writer";
import { createDispatcher } from "@/lib/delivery/dispatcher";
import { envOrExit } from "@/lib/env";
import { logger } from "@/lib/logger";
import { bindApiKeysToStreams } from "@/lib/streams/bind-api-keys";

/** Runs once when `next start` boots: checks the environment, starts the SQLite writer thread, prints generated credentials, binds stored API keys to their streams, starts delivery. */
export async function startServerProcess(): Promise<void> {
  const settings = envOrExit();
  if (!(await checkDatabaseReady())) {
    // /healthz answers 503 meanwhile; `npm start` applies migrations before it serves.
    logger.error("The database is not migrated: run `npx prisma migrate deploy`, then restart. Nothing is delivered until then.");
    return;
  }
  startSqliteWriter();
  await ensureCredentials();
  await bindApiKeysToStreams();
  if (settings.LOGSTREAMS_WORKER === "off") return;
  const dispatcher = createDispatcher();
  dispatcher.start();
  logger.info({ workerId: dispatcher.workerId }, "in-process dispatcher started");
  const alertWatcher = startAlertWatcher();
  const puller = createAuth0Puller();
  puller.start();
  process.once("SIGTERM", () => {
    alertWatcher.stop();
    void puller.stop();
    void dispatcher.stop();
  });
}

import { ensureCredentials } from "@/lib/auth/credentials";
import { startBackgroundWork, stopOnSignals } from "@/lib/background-work";
import { checkDatabaseReady, exitIfDatabaseIsNewer } from "@/lib/db/health";
import { startSqliteWriter } from "@/lib/db/sqlite-writer";
import { warmUpDelivery } from "@/lib/delivery/warm-up";
import { envOrExit } from "@/lib/env";
import { warmUpIngestRoute } from "@/lib/ingest/warm-up-route";
import { logger } from "@/lib/logger";
import { bindApiKeysToStreams } from "@/lib/streams/bind-api-keys";

/** Runs once when `next start` boots: checks the environment, starts the writer thread (SQLite's writes, ingested bodies' parsing), warms the ingestion route up, prints generated credentials, binds stored API keys to their streams, warms delivery up, starts the background work (delivery, the Auth0 pull, alerts). */
export async function startServerProcess(): Promise<void> {
  process.umask(0o077); // the SQLite database and its -wal/-shm files are the user's alone, also under a bare `next start`
  const settings = envOrExit();
  await exitIfDatabaseIsNewer();
  if (!(await checkDatabaseReady())) {
    // /healthz answers 503 meanwhile; `npm start` applies migrations before it serves.
    logger.error(
      "The database is not migrated: run `npx prisma migrate deploy`, then restart. Nothing is delivered until then.",
    );
    return;
  }
  startSqliteWriter({ isIngesting: true });
  void warmUpIngestRoute(settings.PORT);
  await ensureCredentials();
  await bindApiKeysToStreams();
  if (settings.LOGSTREAMS_WORKER === "off") return;
  await warmUpDelivery();
  const work = startBackgroundWork();
  // Next's own shutdown (close the server, exit) runs once the batches in flight are finished.
  stopOnSignals(work.stop);
}

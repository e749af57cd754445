// npm run worker: the background work alone (delivery, the Auth0 pull, alerts), for web nodes started with LOGSTREAMS_WORKER=off.
import { startBackgroundWork, stopOnSignals } from "@/lib/background-work";
import { disconnectDb } from "@/lib/db/client";
import { checkDatabaseReady, exitIfDatabaseIsNewer } from "@/lib/db/health";
import { startSqliteWriter } from "@/lib/db/sqlite-writer";
import { warmUpDelivery } from "@/lib/delivery/warm-up";
import { envOrExit } from "@/lib/env";
import { logUnhandledRejections } from "@/lib/logger";
import { bindApiKeysToStreams } from "@/lib/streams/bind-api-keys";
import { startMetricsServer } from "./metrics-server";

process.umask(0o077); // the SQLite database and its -wal/-shm files are the user's alone
const settings = envOrExit();
await exitIfDatabaseIsNewer();
logUnhandledRejections();

/** A worker may start before the web node has applied the migrations (npm start does): it waits for them. */
const MIGRATION_POLL_MS = 2_000;
if (!(await checkDatabaseReady())) {
  console.log(
    "Waiting for the database's migrations (npm start on a web node, or npx prisma migrate deploy, applies them)…",
  );
  while (!(await checkDatabaseReady())) await new Promise((resolve) => setTimeout(resolve, MIGRATION_POLL_MS));
}

startSqliteWriter();
await bindApiKeysToStreams();
await warmUpDelivery();
const work = startBackgroundWork();
console.log(`Log Streams worker ${work.workerId} started; delivering to ${settings.DATADOG_INTAKE_URL_TEMPLATE}`);
const metricsServer = settings.LOGSTREAMS_METRICS_PORT
  ? await startMetricsServer(settings.LOGSTREAMS_METRICS_PORT, settings.LOGSTREAMS_METRICS_HOST).catch(
      exitOnListenError,
    )
  : undefined;
if (metricsServer)
  console.log(`Metrics: GET /metrics on ${settings.LOGSTREAMS_METRICS_HOST} port ${metricsServer.port}`);

/** A port in use or an address not of this host: one line, and the worker stops (it was asked to serve metrics). */
function exitOnListenError(error: unknown): never {
  console.error(
    `LOGSTREAMS_METRICS_PORT: cannot listen on ${settings.LOGSTREAMS_METRICS_HOST} port ${settings.LOGSTREAMS_METRICS_PORT} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
  );
  process.exit(1);
}

stopOnSignals(async () => {
  await Promise.all([work.stop(), metricsServer?.close()]);
  await disconnectDb();
});

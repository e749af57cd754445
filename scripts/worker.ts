// npm run worker: the dispatcher alone, for web nodes started with LOGSTREAMS_WORKER=off.
import { createDispatcher } from "@/lib/delivery/dispatcher";
import { disconnectDb } from "@/lib/db/client";
import { envOrExit } from "@/lib/env";

const settings = envOrExit();

const dispatcher = createDispatcher();
dispatcher.start();
console.log(`Log Streams worker ${dispatcher.workerId} started; delivering to ${settings.DATADOG_INTAKE_URL_TEMPLATE}`);

async function shutdown(signal: string) {
  console.log(`Worker received ${signal}: finishing batches in flight…`);
  await dispatcher.stop();
  await disconnectDb();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));

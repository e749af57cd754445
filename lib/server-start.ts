import { ensureCredentials } from "@/lib/auth/credentials";
import { createDispatcher } from "@/lib/delivery/dispatcher";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/** Runs once when `next start` boots: checks the environment, prints generated credentials, starts delivery. */
export async function startServerProcess(): Promise<void> {
  try {
    env();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  await ensureCredentials();
  if (env().LOGSTREAMS_WORKER === "off") return;
  const dispatcher = createDispatcher();
  dispatcher.start();
  logger.info({ workerId: dispatcher.workerId }, "in-process dispatcher started");
  process.once("SIGTERM", () => void dispatcher.stop());
}

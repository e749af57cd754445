import { startAlertWatcher } from "@/lib/alerts/stream-alerts";
import { createDispatcher } from "@/lib/delivery/dispatcher";
import { logger } from "@/lib/logger";
import { createAuth0Puller } from "@/lib/sources/auth0/puller";

export type BackgroundWork = { workerId: string; stop: () => Promise<void> };

/**
 * Starts what moves events besides requests: delivery (the dispatcher), the Auth0 pull and the
 * stream-alert watcher. The web server (unless LOGSTREAMS_WORKER=off) and `npm run worker` both
 * start it here. stop() stops taking work, lets the batches in flight finish and releases every lease.
 */
export function startBackgroundWork(): BackgroundWork {
  const dispatcher = createDispatcher();
  dispatcher.start();
  const alertWatcher = startAlertWatcher();
  const puller = createAuth0Puller();
  puller.start();
  const { workerId } = dispatcher;
  logger.info({ workerId }, "background work started: delivery, the Auth0 pull and stream alerts");
  let stopping: Promise<void> | undefined;
  const stopAll = async () => {
    alertWatcher.stop();
    await Promise.all([dispatcher.stop(), puller.stop()]);
    logger.info({ workerId }, "background work stopped: batches in flight finished, leases released");
  };
  return { workerId, stop: () => (stopping ??= stopAll()) };
}

/**
 * On the first SIGTERM or SIGINT: awaits `stop`, then passes the signal on to the listeners that
 * were there before (Next's server closes and exits), or exits when there were none (the worker).
 * Those listeners are held back until then, so the process never exits with batches in flight.
 * A second signal during the stop ends the process at once.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  const signals = ["SIGTERM", "SIGINT"] as const;
  const earlier = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  let isStopping = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (isStopping) process.exit(1);
    isStopping = true;
    logger.info({ signal }, `${signal} received: finishing batches in flight…`);
    await stop().catch((error: unknown) => logger.error({ err: error }, "background work did not stop cleanly"));
    const listeners = earlier.get(signal as (typeof signals)[number]) ?? [];
    if (listeners.length === 0) process.exit(0);
    for (const listener of listeners) listener(signal);
  };
  for (const signal of signals) {
    process.removeAllListeners(signal);
    process.on(signal, (received) => void onSignal(received));
  }
}

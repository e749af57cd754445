import { db } from "@/lib/db/client";
import { isStreamType, SINKS } from "@/lib/destinations/sinks";
import { runRound } from "@/lib/db/outage";
import { env } from "@/lib/env";
import { plural } from "@/lib/format/count";
import { createRepeatLog, logger } from "@/lib/logger";
import { postAlert, type AlertPostResult } from "./post-alert";
import { readAlertWebhook } from "./webhook-url";

/** At most one message per stream and kind in this window, whatever the number of workers and restarts. */
export const ALERT_REPEAT_WINDOW_MS = 15 * 60 * 1000;
/** How often a worker compares the streams' state with what the webhook was last told. */
export const ALERT_CHECK_INTERVAL_MS = 5_000;
const MAX_REASON_CHARS = 300;

type State = "ok" | "failing" | "suspended";
export type AlertKind = "suspended" | "failing" | "recovered";
const SENT_AT_FIELD = { suspended: "suspendedAt", failing: "failingAt", recovered: "recoveredAt" } as const;

/** Slack reads <, > and & as markup (`<!channel>`): a stream name or a Datadog answer must not ping anyone. */
const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function healthLink(streamId: string): string {
  const base = env().LOGSTREAMS_PUBLIC_URL?.replace(/\/+$/, "") ?? "";
  return `${base}/log-streams/${streamId}/health`;
}

/** The destination's name as the wizard shows it, e.g. "Splunk". */
const labelOf = (type: string) => (isStreamType(type) ? SINKS[type].label : type);

export function alertText(kind: AlertKind, stream: { id: string; name: string; type: string }, reason: string): string {
  const headline = { suspended: "was suspended", failing: "is failing", recovered: "recovered" }[kind];
  const icon = { suspended: ":no_entry:", failing: ":warning:", recovered: ":white_check_mark:" }[kind];
  return `${icon} ${escapeText(labelOf(stream.type))} stream "${escapeText(stream.name)}" ${headline}: ${escapeText(reason.slice(0, MAX_REASON_CHARS))}\nHealth: ${healthLink(stream.id)}`;
}

function kindOf(previous: State, current: State): AlertKind | null {
  if (current === "suspended") return "suspended";
  if (current === "failing") return previous === "ok" ? "failing" : null;
  return "recovered";
}

async function reasonFor(
  kind: AlertKind,
  previous: State,
  stream: { id: string; type: string; statusReason: string | null },
): Promise<string> {
  if (kind === "suspended") return stream.statusReason ?? "suspended";
  // Resuming a suspended stream (new key, or set active) clears its failure run before any delivery.
  if (kind === "recovered")
    return previous === "suspended"
      ? "it was resumed; delivery continues where it stopped"
      : `${labelOf(stream.type)} accepts its deliveries again`;
  const failure = await db().deliveryFailure.findFirst({
    where: { streamId: stream.id },
    orderBy: { occurredAt: "desc" },
    select: { statusCode: true, error: true, eventCount: true },
  });
  if (!failure) return "a delivery failed";
  const code = failure.statusCode === null ? "no answer" : `HTTP ${failure.statusCode}`;
  return `${plural(failure.eventCount, "event")} not delivered (${code}): ${failure.error}`;
}

/**
 * Compares each stream's state (suspended, failing since a failure, or ok) with what the webhook
 * was last told, and sends a message for each change worth one. The change is claimed in the
 * database (an update conditioned on the previous state), so one worker only sends it.
 */
export async function checkStreamAlerts(
  now = new Date(),
  options: Parameters<typeof postAlert>[2] = {},
): Promise<AlertPostResult[]> {
  const { url } = await readAlertWebhook();
  if (!url) return [];
  const streams = await db().logStream.findMany({
    select: {
      id: true,
      name: true,
      type: true,
      status: true,
      statusReason: true,
      failingSince: true,
      alertState: true,
    },
  });
  const sends: Promise<AlertPostResult>[] = [];
  for (const stream of streams) {
    const current: State = stream.status === "suspended" ? "suspended" : stream.failingSince ? "failing" : "ok";
    const previous = (stream.alertState?.state ?? "ok") as State;
    if (current === previous) continue;
    if (!stream.alertState)
      await db()
        .streamAlertState.createMany({ data: [{ streamId: stream.id, state: "ok" }] })
        .catch(() => undefined);
    const kind = kindOf(previous, current);
    const lastSentAt = kind ? stream.alertState?.[SENT_AT_FIELD[kind]] : null;
    const isDue = kind !== null && (!lastSentAt || now.getTime() - lastSentAt.getTime() >= ALERT_REPEAT_WINDOW_MS);
    const { count } = await db().streamAlertState.updateMany({
      where: { streamId: stream.id, state: previous },
      data: { state: current, ...(isDue ? { [SENT_AT_FIELD[kind!]]: now } : {}) },
    });
    if (count !== 1 || !isDue) continue;
    const text = alertText(kind!, stream, await reasonFor(kind!, previous, stream));
    logger.info({ stream_id: stream.id, kind }, "stream alert");
    sends.push(postAlert(url, text, options));
  }
  return Promise.all(sends);
}

/** The Settings page's button: one message to the configured webhook, answered with its result. */
export async function sendTestAlert(): Promise<AlertPostResult | null> {
  const { url } = await readAlertWebhook();
  if (!url) return null;
  const dashboard = env().LOGSTREAMS_PUBLIC_URL ?? "set LOGSTREAMS_PUBLIC_URL for links to the dashboard";
  return postAlert(url, `:bell: Test alert from Log Streams: stream alerts will arrive here (${dashboard}).`, {
    retryDelaysMs: [],
  });
}

/** Checks for alerts every ALERT_CHECK_INTERVAL_MS while the dispatcher runs; stop() ends it. */
export function startAlertWatcher(): { stop: () => void } {
  let isRunning = true;
  let timer: NodeJS.Timeout | undefined;
  const failures = createRepeatLog();
  const tick = async () => {
    await runRound(checkStreamAlerts, failures, (error) => logger.warn({ err: error }, "stream alert check failed"));
    if (isRunning) timer = setTimeout(tick, ALERT_CHECK_INTERVAL_MS);
  };
  timer = setTimeout(tick, ALERT_CHECK_INTERVAL_MS);
  return {
    stop() {
      isRunning = false;
      clearTimeout(timer);
    },
  };
}

/**
 * Datadog keeps a log only when its reserved `date` is at most 18 hours in the past and at most
 * 2 hours ahead; an older one is answered 2xx and dropped. Items outside the window are sent
 * without `date` (Datadog stamps the arrival) and marked, their own time kept in `data.date`.
 */
const HOUR_MS = 60 * 60 * 1000;
/** Datadog's limit into the past, as the dashboard's warnings state it. */
export const DATADOG_MAX_AGE_MS = 18 * HOUR_MS;
/** One hour inside the 18: a batch is built before it is sent, and retries take up to a few minutes. */
export const WINDOW_MAX_AGE_MS = 17 * HOUR_MS;
/** Datadog's 2 hours ahead, less the same few minutes of retries and some clock skew. */
export const WINDOW_MAX_AHEAD_MS = 2 * HOUR_MS - 10 * 60 * 1000;

/** The window's bounds in ms since the epoch for a send at `now`. */
export function windowBounds(now: Date): { oldestMs: number; newestMs: number } {
  return { oldestMs: now.getTime() - WINDOW_MAX_AGE_MS, newestMs: now.getTime() + WINDOW_MAX_AHEAD_MS };
}

/** Whether Datadog keeps a log dated `dateMs` when it is sent at `now`. */
export function isInDatadogWindow(dateMs: number, now: Date): boolean {
  const { oldestMs, newestMs } = windowBounds(now);
  return dateMs >= oldestMs && dateMs <= newestMs;
}

/** An event's `data.date` in ms since the epoch, as stored beside its item; null when it has none that parses. */
export function eventDateMs(date: unknown): number | null {
  if (typeof date !== "string") return null;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? ms : null;
}

type ItemWithDate = Record<string, unknown> & { date?: unknown };

/**
 * The item as sent at `now`: unchanged inside the window; outside it, without the reserved `date`
 * and with `log_streams.delayed` (or `log_streams.ahead`) and `log_streams.original_date`, so a
 * Datadog user can find such logs. An item whose `date` does not parse is left as it is.
 */
export function fitToWindow<T extends ItemWithDate>(item: T, now: Date): { item: T; isDelayed: boolean } {
  const dateMs = eventDateMs(item.date);
  if (dateMs === null || isInDatadogWindow(dateMs, now)) return { item, isDelayed: false };
  const { date, ...rest } = item;
  const isDelayed = dateMs < now.getTime();
  const marker = isDelayed ? { delayed: true, original_date: date } : { ahead: true, original_date: date };
  return { item: { ...rest, log_streams: marker } as unknown as T, isDelayed };
}

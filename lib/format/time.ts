// Every time the UI shows is in UTC, formatted here by hand from the UTC fields: the server and the
// browser produce the same text whatever their timezone and ICU data, so React hydrates without a
// mismatch, and a time on a page reads the same as one in a server message or an alert.

/** A moment as the app carries it: a Date, an ISO text (what server components pass to client ones), or ms since the epoch. */
export type Moment = Date | string | number;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const toDate = (at: Moment) => (at instanceof Date ? at : new Date(at));
const twoDigits = (n: number) => String(n).padStart(2, "0");

/** "10:02" (UTC), or "10:02:05" with seconds. */
export function formatClock(at: Moment, { seconds = false } = {}): string {
  const date = toDate(at);
  const clock = `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}`;
  return seconds ? `${clock}:${twoDigits(date.getUTCSeconds())}` : clock;
}

/** "24 Nov 2026, 10:02 UTC", or "24 Nov 2026, 10:02:05 UTC" with seconds. */
export function formatTime(at: Moment, { seconds = false } = {}): string {
  const date = toDate(at);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${formatClock(date, { seconds })} UTC`;
}

/** "Tue 10:00" (UTC): a tick of a chart that spans days. */
export function formatWeekdayClock(at: Moment): string {
  const date = toDate(at);
  return `${WEEKDAYS[date.getUTCDay()]} ${formatClock(date)}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago": read at a glance. A moment after `now` is "just now". */
export function formatRelative(at: Moment, now: Moment): string {
  const minutes = Math.floor((toDate(now).getTime() - toDate(at).getTime()) / MINUTE_MS);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return `${Math.floor(minutes / (24 * 60))} days ago`;
}

/** "350 ms", "12 s", "5 min", "1.5 h". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < MINUTE_MS) return `${Math.round(ms / 1_000)} s`;
  if (ms < HOUR_MS) return `${Math.round(ms / MINUTE_MS)} min`;
  return `${(ms / HOUR_MS).toFixed(1)} h`;
}

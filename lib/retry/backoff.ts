/** Waits before the 1st, 2nd and 3rd redelivery (4 attempts in all), before jitter. */
export const RETRY_DELAYS_MS = [1_000, 5_000, 25_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A Retry-After longer than this is cut short so one stream cannot be parked for hours. */
export const MAX_RETRY_AFTER_MS = 120_000;
/** ±20 % so many streams failing together don't retry in lockstep. */
const JITTER = 0.2;

/** Milliseconds to wait after failed attempt `attempt` (1-based); Retry-After, when given, wins. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  const base = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1]!;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Retry-After as seconds or an HTTP date → milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

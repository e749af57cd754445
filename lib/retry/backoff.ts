// Retry policy, as pure functions each caller feeds with its own constants (svix's worker is the model):
// a schedule as data with jitter, waits that double between two bounds, a wait the other side asks for
// (Retry-After, a rate-limit reset) clamped, and which HTTP answers are worth another try.

/** Waits before the 1st, 2nd and 3rd redelivery (4 attempts in all), before jitter. */
export const RETRY_DELAYS_MS = [1_000, 5_000, 25_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A Retry-After longer than this is cut short so one stream cannot be parked for hours. */
export const MAX_RETRY_AFTER_MS = 120_000;
/** ±20 % so many streams failing together don't retry in lockstep. */
const JITTER = 0.2;

/** The shortest and the longest of a wait that doubles. */
export type WaitBounds = { firstMs: number; maxMs: number };

/** A 4xx other than 408/429 will not change on a retry (a wrong key, a revoked webhook, a bad request); no answer at all (null) may. */
export function isRetryableStatus(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}

/** Milliseconds to wait after failed attempt `attempt` (1-based) of delivery; Retry-After, when given, wins. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
  if (retryAfterMs !== undefined) return clampedWaitMs(retryAfterMs, MAX_RETRY_AFTER_MS);
  const base = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1]!;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** A wait asked for by the other side, never negative and never past `maxMs` (a wrong clock, a hostile answer). */
export function clampedWaitMs(askedMs: number, maxMs: number): number {
  return Math.min(Math.max(askedMs, 0), maxMs);
}

/** The wait after the `failuresInARow`-th failure (1-based): firstMs, then twice that, four times… up to maxMs. */
export function doublingWaitMs(bounds: WaitBounds, failuresInARow: number): number {
  return Math.min(bounds.firstMs * 2 ** Math.max(0, failuresInARow - 1), bounds.maxMs);
}

/**
 * The wait for trouble that began at `since`: as long as it has lasted, between firstMs and maxMs.
 * Tried again at each wait's end, the waits double, with no counter to keep.
 */
export function waitAsLongAsItLastedMs(bounds: WaitBounds, since: Date, now: Date): number {
  return Math.min(bounds.maxMs, Math.max(bounds.firstMs, now.getTime() - since.getTime()));
}

/** Retry-After as seconds or an HTTP date → milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

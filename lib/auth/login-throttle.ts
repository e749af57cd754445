/**
 * Sign-in attempts per client address and per account. An attempt is counted when it starts, so
 * parallel guesses count; after FREE_FAILURES failures each further attempt must wait an
 * exponentially growing delay, capped at MAX_WAIT_MS so that an attacker can keep the admin out for
 * no longer than that. Attempts beyond it are refused without checking the password.
 */
const FREE_FAILURES = 5;
const BASE_WAIT_MS = 1_000;
const MAX_WAIT_MS = 30_000;
/** Failures older than this are forgotten. */
const FORGET_AFTER_MS = 15 * 60 * 1000;
/** Bounds memory under a flood of addresses: the least recently seen entries go first. */
const MAX_ENTRIES = 10_000;

type Entry = { failures: number; lastAttemptAt: number };

export type LoginThrottle = {
  /** Counts an attempt by `keys` (e.g. address and account): the wait in ms, 0 when it may go ahead. */
  begin: (keys: string[], now?: number) => number;
  /** The wait in ms before `keys` may try again, counting nothing (for attempts counted once they fail). */
  waitBefore: (keys: string[], now?: number) => number;
  /** Counts a failed attempt by `keys`. */
  fail: (keys: string[], now?: number) => void;
  /** A correct password: the keys' failures are forgotten. */
  succeed: (keys: string[]) => void;
  size: () => number;
};

function waitAfterFailures(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(BASE_WAIT_MS * 2 ** (failures - freeFailures), MAX_WAIT_MS);
}

/** The sign-in's wait after `failures` failures. */
export const waitAfter = (failures: number) => waitAfterFailures(failures, FREE_FAILURES);

export function createLoginThrottle({ maxEntries = MAX_ENTRIES, freeFailures = FREE_FAILURES } = {}): LoginThrottle {
  const entries = new Map<string, Entry>();

  const current = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && now - entry.lastAttemptAt > FORGET_AFTER_MS) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const remember = (key: string, entry: Entry) => {
    entries.delete(key); // re-inserted last: the map's order is least recently seen first
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };

  const waitBefore = (keys: string[], now = Date.now()) =>
    Math.max(
      0,
      ...keys.map((key) => {
        const entry = current(key, now);
        return entry ? entry.lastAttemptAt + waitAfterFailures(entry.failures, freeFailures) - now : 0;
      }),
    );
  const fail = (keys: string[], now = Date.now()) => {
    for (const key of keys) remember(key, { failures: (current(key, now)?.failures ?? 0) + 1, lastAttemptAt: now });
  };

  return {
    begin(keys, now = Date.now()) {
      const wait = waitBefore(keys, now);
      if (wait > 0) return wait;
      // Counted as a failure until it succeeds, so that guesses made in parallel wait for each other.
      fail(keys, now);
      return 0;
    },
    waitBefore,
    fail,
    succeed(keys) {
      for (const key of keys) entries.delete(key);
    },
    size: () => entries.size,
  };
}

/** The process's throttle for the dashboard's sign-in. */
export const loginThrottle = createLoginThrottle();

/**
 * The process's throttle for wrong bearer tokens (Management API, ingestion, /metrics,
 * /api/dispatch), by client address. More free failures than the sign-in's: a token is long and
 * random, so the wait only bounds the load of guessing, and a client that sends one wrong token
 * among right ones (a rotation) should not notice. A right token forgets the address's failures.
 */
export const tokenThrottle = createLoginThrottle({ freeFailures: 10 });

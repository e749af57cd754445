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
  /** A correct password: the keys' failures are forgotten. */
  succeed: (keys: string[]) => void;
  size: () => number;
};

export function waitAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_WAIT_MS * 2 ** (failures - FREE_FAILURES), MAX_WAIT_MS);
}

export function createLoginThrottle(maxEntries = MAX_ENTRIES): LoginThrottle {
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

  return {
    begin(keys, now = Date.now()) {
      const wait = Math.max(
        0,
        ...keys.map((key) => {
          const entry = current(key, now);
          return entry ? entry.lastAttemptAt + waitAfter(entry.failures) - now : 0;
        }),
      );
      if (wait > 0) return wait;
      // Counted as a failure until it succeeds, so that guesses made in parallel wait for each other.
      for (const key of keys) remember(key, { failures: (current(key, now)?.failures ?? 0) + 1, lastAttemptAt: now });
      return 0;
    },
    succeed(keys) {
      for (const key of keys) entries.delete(key);
    },
    size: () => entries.size,
  };
}

/** The process's throttle for the dashboard's sign-in. */
export const loginThrottle = createLoginThrottle();

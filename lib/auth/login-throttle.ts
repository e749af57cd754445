/** Failed sign-ins per client slow the next answer down: 0.5 s, 1 s, 2 s … up to 10 s. */
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
/** Failures older than this are forgotten. */
const WINDOW_MS = 15 * 60 * 1000;

const failures = new Map<string, { count: number; last: number }>();

export function loginDelayMs(client: string, now = Date.now()): number {
  const entry = failures.get(client);
  if (!entry || now - entry.last > WINDOW_MS) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (entry.count - 1), MAX_DELAY_MS);
}

export function recordLoginFailure(client: string, now = Date.now()): void {
  const entry = failures.get(client);
  const count = entry && now - entry.last <= WINDOW_MS ? entry.count + 1 : 1;
  failures.set(client, { count, last: now });
}

export function clearLoginFailures(client: string): void {
  failures.delete(client);
}

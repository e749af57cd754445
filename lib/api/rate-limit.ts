/** The window a token's request budget is counted in. */
const WINDOW_MS = 1_000;

const windows = new Map<string, { startedAt: number; count: number }>();

export type RateDecision = { isAllowed: boolean; limit: number; remaining: number; resetAt: number };

/** Fixed one-second windows per caller, in this process's memory (as Auth0 does per tenant and token). */
export function takeRequest(caller: string, limit: number, now = Date.now()): RateDecision {
  let window = windows.get(caller);
  if (!window || now - window.startedAt >= WINDOW_MS) {
    window = { startedAt: now, count: 0 };
    windows.set(caller, window);
  }
  window.count += 1;
  return {
    isAllowed: window.count <= limit,
    limit,
    remaining: Math.max(0, limit - window.count),
    resetAt: window.startedAt + WINDOW_MS,
  };
}

/** Auth0's rate-limit headers. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    "x-ratelimit-limit": String(decision.limit),
    "x-ratelimit-remaining": String(decision.remaining),
    "x-ratelimit-reset": String(Math.ceil(decision.resetAt / 1000)),
    "retry-after": String(Math.max(1, Math.ceil((decision.resetAt - Date.now()) / 1000))),
  };
}

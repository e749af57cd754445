import { describe, expect, it } from "vitest";
import { rateLimitWaitMs } from "./client";
import { MAX_BACKOFF_MS, REFUSED_RETRY_MS, waitAfter } from "./waits";

const context = { pollMs: 5_000, failuresInARow: 1 };

describe("waitAfter", () => {
  it("polls after catching up and goes on at once after a deadline", () => {
    expect(waitAfter({ kind: "caught_up" }, context)).toEqual({ ms: 5_000, reason: null });
    expect(waitAfter({ kind: "deadline" }, context).ms).toBe(0);
  });

  it("backs off 1 s, 2 s, 4 s … after 5xx and network errors, up to 5 minutes", () => {
    const unavailable = { kind: "unavailable", status: 503, reason: "503 Service Unavailable" } as const;
    expect([1, 2, 3, 12].map((n) => waitAfter(unavailable, { ...context, failuresInARow: n }).ms)).toEqual([
      1_000,
      2_000,
      4_000,
      MAX_BACKOFF_MS,
    ]);
    expect(waitAfter(unavailable, context).reason).toContain("503 Service Unavailable");
  });

  it("waits for Auth0's rate-limit reset, within reason", () => {
    expect(waitAfter({ kind: "rate_limited", waitMs: 1_500 }, context)).toEqual({ ms: 1_500, reason: null });
    expect(waitAfter({ kind: "rate_limited", waitMs: 86_400_000 }, context).ms).toBe(600_000);
  });

  it("retries refused credentials slowly and says what to do", () => {
    const token = waitAfter({ kind: "refused", where: "token", status: 401, reason: "401 Unauthorized" }, context);
    expect(token.ms).toBe(REFUSED_RETRY_MS);
    expect(token.reason).toContain("client id and client secret");
    expect(
      waitAfter({ kind: "refused", where: "logs", status: 403, reason: "403 Insufficient scope" }, context).reason,
    ).toContain("read:logs scope");
  });
});

describe("rateLimitWaitMs", () => {
  const now = new Date("2026-12-02T00:00:00.250Z");
  it("reads x-ratelimit-reset (epoch seconds), else Retry-After", () => {
    expect(rateLimitWaitMs(new Headers({ "x-ratelimit-reset": String(now.getTime() / 1000 + 2 - 0.25) }), now)).toBe(
      1_750,
    );
    expect(rateLimitWaitMs(new Headers({ "retry-after": "3" }), now)).toBe(3_000);
    expect(rateLimitWaitMs(new Headers(), now)).toBe(1_000);
  });
});

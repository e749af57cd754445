import { describe, expect, it } from "vitest";
import { rateLimitHeaders, takeRequest } from "./rate-limit";

describe("takeRequest", () => {
  it("lets `limit` requests through in a one-second window from the first, then refuses until it ends", () => {
    const caller = `caller-${Math.random()}`;
    const start = 1_000_000;
    const decisions = [0, 10, 20, 30, 999].map((offset) => takeRequest(caller, 3, start + offset));
    expect(decisions.map((decision) => decision.isAllowed)).toEqual([true, true, true, false, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(decisions[3]!.resetAt).toBe(start + 1_000);
    expect(takeRequest(caller, 3, start + 1_000)).toMatchObject({
      isAllowed: true,
      remaining: 2,
      resetAt: start + 2_000,
    });
  });

  it("counts each caller apart", () => {
    const now = 2_000_000;
    for (let i = 0; i < 3; i++) takeRequest("busy", 3, now);
    expect(takeRequest("busy", 3, now).isAllowed).toBe(false);
    expect(takeRequest(`quiet-${Math.random()}`, 3, now).isAllowed).toBe(true);
  });

  it("gives Auth0's headers: the limit, what remains, the reset in epoch seconds and a Retry-After of at least 1", () => {
    const headers = rateLimitHeaders({ isAllowed: false, limit: 3, remaining: 0, resetAt: Date.now() + 400 });
    expect(headers).toMatchObject({ "x-ratelimit-limit": "3", "x-ratelimit-remaining": "0", "retry-after": "1" });
    expect(Number(headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000 - 1);
  });
});

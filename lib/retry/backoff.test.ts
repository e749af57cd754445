import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, parseRetryAfter, RETRY_DELAYS_MS, retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  it("follows RETRY_DELAYS_MS with ±20 % jitter", () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, undefined, () => 0.5))).toEqual([...RETRY_DELAYS_MS]);
    expect(retryDelayMs(1, undefined, () => 0)).toBe(800);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(1200);
  });

  it("honours Retry-After, clamped", () => {
    expect(retryDelayMs(1, 7_000, () => 0.5)).toBe(7_000);
    expect(retryDelayMs(1, 10 * 60_000, () => 0.5)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-11-24T10:00:00Z");
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("7", now)).toBe(7_000);
    expect(parseRetryAfter("Tue, 24 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

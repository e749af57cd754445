import { describe, expect, it } from "vitest";
import {
  clampedWaitMs,
  doublingWaitMs,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  RETRY_DELAYS_MS,
  retryDelayMs,
  waitAsLongAsItLastedMs,
} from "./backoff";

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

describe("isRetryableStatus", () => {
  it("retries no answer, 408, 429 and 5xx; not other 4xx, redirects or successes", () => {
    expect([null, 408, 429, 500, 502, 503, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 204, 301, 302, 400, 401, 403, 404, 413, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe("clampedWaitMs", () => {
  it("keeps a wait asked for between 0 and the maximum", () => {
    expect(clampedWaitMs(1_500, 10_000)).toBe(1_500);
    expect(clampedWaitMs(-5, 10_000)).toBe(0);
    expect(clampedWaitMs(86_400_000, 10_000)).toBe(10_000);
  });
});

describe("doublingWaitMs", () => {
  it("doubles from the first wait up to the maximum", () => {
    const bounds = { firstMs: 1_000, maxMs: 10_000 };
    expect([0, 1, 2, 3, 4, 5, 40].map((failures) => doublingWaitMs(bounds, failures))).toEqual([
      1_000, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
  });
});

describe("waitAsLongAsItLastedMs", () => {
  it("waits as long as the trouble lasted, within the bounds", () => {
    const bounds = { firstMs: 1_000, maxMs: 60_000 };
    const since = new Date("2026-12-03T10:00:00Z");
    const after = (ms: number) => waitAsLongAsItLastedMs(bounds, since, new Date(since.getTime() + ms));
    expect([0, 500, 1_000, 7_000, 59_000, 3_600_000].map(after)).toEqual([1_000, 1_000, 1_000, 7_000, 59_000, 60_000]);
  });

  it("doubles when tried again at each wait's end", () => {
    const bounds = { firstMs: 1_000, maxMs: 60_000 };
    const since = new Date("2026-12-03T10:00:00Z");
    const waits: number[] = [];
    for (let now = since.getTime(); waits.length < 5;) {
      waits.push(waitAsLongAsItLastedMs(bounds, since, new Date(now)));
      now += waits.at(-1)!;
    }
    expect(waits).toEqual([1_000, 1_000, 2_000, 4_000, 8_000]);
  });
});

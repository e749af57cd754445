import { describe, expect, it } from "vitest";
import { createLoginThrottle, waitAfter } from "./login-throttle";

describe("login throttle", () => {
  it("lets a few failures through, then waits exponentially up to 30 s", () => {
    expect([1, 2, 3, 4].map(waitAfter)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 20].map(waitAfter)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it("counts attempts as they start, so parallel guesses wait for each other", () => {
    const throttle = createLoginThrottle();
    const waits = Array.from({ length: 40 }, () => throttle.begin(["ip:a", "account:admin"], 1_000));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(waits.at(-1)).toBe(1_000);
  });

  it("holds the account whatever address the guesses come from", () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < 5; i++) expect(throttle.begin([`ip:${i}`, "account:admin"], 0)).toBe(0);
    expect(throttle.begin(["ip:fresh", "account:admin"], 0)).toBe(1_000);
    expect(throttle.begin(["ip:fresh", "account:admin"], 1_000)).toBe(0);
  });

  it("never holds the admin longer than the cap, and forgets on success and with time", () => {
    const throttle = createLoginThrottle();
    let now = 0;
    for (let i = 0; i < 50; i++) {
      const wait = throttle.begin(["account:admin"], now);
      expect(wait).toBeLessThanOrEqual(30_000);
      now += wait;
    }
    throttle.succeed(["account:admin"]);
    expect(throttle.begin(["account:admin"], now)).toBe(0);
    for (let i = 0; i < 10; i++) throttle.begin(["ip:b"], now);
    expect(throttle.begin(["ip:b"], now + 16 * 60 * 1000)).toBe(0);
  });

  it("stays bounded under a flood of addresses", () => {
    const throttle = createLoginThrottle({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) throttle.begin([`ip:${i}`, "account:admin"], i);
    expect(throttle.size()).toBeLessThanOrEqual(100);
  });

  it("can count only failures, so that right attempts in parallel never wait", () => {
    const throttle = createLoginThrottle({ freeFailures: 10 });
    for (let i = 0; i < 100; i++) expect(throttle.waitBefore(["ip:a"], 0)).toBe(0);
    for (let i = 0; i < 9; i++) throttle.fail(["ip:a"], 0);
    expect(throttle.waitBefore(["ip:a"], 0)).toBe(0);
    throttle.fail(["ip:a"], 0);
    expect(throttle.waitBefore(["ip:a"], 0)).toBe(1_000);
    expect(throttle.waitBefore(["ip:b"], 0)).toBe(0);
    throttle.succeed(["ip:a"]);
    expect(throttle.waitBefore(["ip:a"], 0)).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { formatCount, plural } from "./count";

describe("formatCount", () => {
  it("separates thousands with commas", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(BigInt("12345678901"))).toBe("12,345,678,901");
  });
});

describe("plural", () => {
  it("says one thing in the singular and every other count in the plural", () => {
    expect(plural(1, "event")).toBe("1 event");
    expect(plural(0, "event")).toBe("0 events");
    expect(plural(2, "failure")).toBe("2 failures");
    expect(plural(1234, "event")).toBe("1,234 events");
    expect(plural(BigInt(1), "log")).toBe("1 log");
  });

  it("takes an irregular plural", () => {
    expect(plural(3, "entry", "entries")).toBe("3 entries");
    expect(plural(1, "entry", "entries")).toBe("1 entry");
  });
});

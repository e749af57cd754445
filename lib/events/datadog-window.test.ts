import { describe, expect, it } from "vitest";
import { eventDateMs, fitToWindow, isInDatadogWindow } from "./datadog-window";

const HOUR_MS = 60 * 60 * 1000;
const now = new Date("2026-06-01T12:00:00Z");
const hoursFromNow = (hours: number) => now.getTime() + hours * HOUR_MS;

describe("isInDatadogWindow", () => {
  it("takes dates up to 17 hours back (18 with a margin) and up to 1 h 50 min ahead (2 h with a margin)", () => {
    expect(isInDatadogWindow(now.getTime(), now)).toBe(true);
    expect(isInDatadogWindow(hoursFromNow(-17), now)).toBe(true);
    expect(isInDatadogWindow(hoursFromNow(-17) - 1, now)).toBe(false);
    expect(isInDatadogWindow(hoursFromNow(-18), now)).toBe(false);
    expect(isInDatadogWindow(hoursFromNow(11 / 6), now)).toBe(true);
    expect(isInDatadogWindow(hoursFromNow(11 / 6) + 1, now)).toBe(false);
    expect(isInDatadogWindow(hoursFromNow(2), now)).toBe(false);
  });
});

describe("eventDateMs", () => {
  it("reads an ISO date, and nothing else", () => {
    expect(eventDateMs("2021-03-04T05:06:07.890Z")).toBe(Date.UTC(2021, 2, 4, 5, 6, 7, 890));
    expect(eventDateMs("not a date")).toBeNull();
    expect(eventDateMs(1_700_000_000_000)).toBeNull();
    expect(eventDateMs(undefined)).toBeNull();
  });
});

describe("fitToWindow", () => {
  const item = (date: unknown) => ({ log_id: "a", data: { date, type: "s" }, message: "m", date });

  it("keeps the date of an item inside the window", () => {
    const fresh = item(new Date(hoursFromNow(-1)).toISOString());
    expect(fitToWindow(fresh, now)).toEqual({ item: fresh, isDelayed: false });
  });

  it("sends an older item without its date, marked delayed with the original time, data untouched", () => {
    const old = item("2021-03-04T05:06:07.890Z");
    const { item: sent, isDelayed } = fitToWindow(old, now);
    expect(isDelayed).toBe(true);
    expect(sent).toEqual({
      log_id: "a",
      data: { date: "2021-03-04T05:06:07.890Z", type: "s" },
      message: "m",
      log_streams: { delayed: true, original_date: "2021-03-04T05:06:07.890Z" },
    });
  });

  it("sends an item dated too far ahead without its date, marked ahead", () => {
    const future = new Date(hoursFromNow(3)).toISOString();
    const { item: sent, isDelayed } = fitToWindow(item(future), now);
    expect(isDelayed).toBe(false);
    expect(sent).not.toHaveProperty("date");
    expect(sent).toHaveProperty("log_streams", { ahead: true, original_date: future });
  });

  it("leaves an item without a date, or with one that does not parse, as it is", () => {
    const undated = { log_id: "a", data: {}, message: "m" };
    expect(fitToWindow(undated, now).item).toBe(undated);
    const odd = item("yesterday");
    expect(fitToWindow(odd, now).item).toBe(odd);
  });
});

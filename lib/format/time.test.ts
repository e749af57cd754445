import { describe, expect, it } from "vitest";
import { formatClock, formatDuration, formatRelative, formatTime, formatWeekdayClock } from "./time";

const AT = "2026-11-24T10:02:05.678Z";

describe("formatTime", () => {
  it("writes the moment in UTC, whatever it is given as", () => {
    expect(formatTime(AT)).toBe("24 Nov 2026, 10:02 UTC");
    expect(formatTime(new Date(AT))).toBe("24 Nov 2026, 10:02 UTC");
    expect(formatTime(Date.parse(AT), { seconds: true })).toBe("24 Nov 2026, 10:02:05 UTC");
  });

  it("pads the clock and reads an offset time as UTC", () => {
    expect(formatTime("2027-01-03T23:04:09+02:00", { seconds: true })).toBe("3 Jan 2027, 21:04:09 UTC");
    expect(formatClock("2026-05-06T07:08:09Z")).toBe("07:08");
  });

  it("gives a chart tick its weekday", () => {
    expect(formatWeekdayClock(AT)).toBe("Tue 10:02");
  });
});

describe("formatRelative", () => {
  const now = new Date(AT);
  const before = (ms: number) => new Date(now.getTime() - ms);

  it("counts back from the injected now", () => {
    expect(formatRelative(before(59_000), now)).toBe("just now");
    expect(formatRelative(before(5 * 60_000), now)).toBe("5 min ago");
    expect(formatRelative(before(59 * 60_000 + 59_000), now)).toBe("59 min ago");
    expect(formatRelative(before(3 * 3600_000), now)).toBe("3 h ago");
    expect(formatRelative(before(47 * 3600_000), now)).toBe("47 h ago");
    expect(formatRelative(before(50 * 3600_000), now)).toBe("2 days ago");
  });

  it("says just now for a moment after now (another machine's clock)", () => {
    expect(formatRelative(new Date(now.getTime() + 30_000), now)).toBe("just now");
  });
});

describe("formatDuration", () => {
  it("picks the unit that reads best", () => {
    expect(formatDuration(350)).toBe("350 ms");
    expect(formatDuration(12_400)).toBe("12 s");
    expect(formatDuration(5 * 60_000)).toBe("5 min");
    expect(formatDuration(90 * 60_000)).toBe("1.5 h");
  });
});

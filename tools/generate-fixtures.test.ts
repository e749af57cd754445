import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { categoryOfEventType, FILTER_CATEGORIES } from "@/lib/streams/categories";
import { FIXTURES_FILE } from "./generate-fixtures";

const events = fs
  .readFileSync(FIXTURES_FILE, "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line) as { log_id: string; data: Record<string, unknown> });

describe("the committed fixtures", () => {
  it("hold every type code of every filter category, and events of no category", () => {
    const types = new Set(events.map((event) => String(event.data.type)));
    for (const category of FILTER_CATEGORIES) for (const code of category.codes) expect(types, code).toContain(code);
    expect(events.some((event) => categoryOfEventType(String(event.data.type)) === "other")).toBe(true);
  });

  it("are Auth0-shaped: unique 56-digit log_ids repeated in data, ISO dates, documentation addresses", () => {
    expect(new Set(events.map((event) => event.log_id)).size).toBe(events.length);
    for (const event of events) {
      expect(event.log_id).toMatch(/^\d{56}$/);
      expect(event.data.log_id).toBe(event.log_id);
      expect(new Date(String(event.data.date)).toISOString()).toBe(event.data.date);
      if (event.data.ip !== undefined)
        expect(String(event.data.ip)).toMatch(/^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2001:db8:)/);
    }
  });
});

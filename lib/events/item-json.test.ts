import { describe, expect, it } from "vitest";
import { auth0EventJson, itemJson } from "./item-json";

describe("auth0EventJson", () => {
  const data = {
    type: "s",
    date: "2026-12-01T10:00:00.000Z",
    description: 'says ,"ddsource":"auth0","service":"auth0","message": inside',
    hostname: "tenant.example",
  };

  it("cuts {log_id, data} from an item with its date first, byte for byte as JSON would make it", () => {
    expect(auth0EventJson(itemJson("a1", data))).toBe(JSON.stringify({ log_id: "a1", data }));
  });

  it("cuts it from an item without a date, and from one stored with its date after the message", () => {
    const { date, ...undated } = data;
    expect(auth0EventJson(itemJson("a2", undated))).toBe(JSON.stringify({ log_id: "a2", data: undated }));
    const { date: storedDate, ...rest } = JSON.parse(itemJson("a3", data)) as Record<string, unknown>;
    expect(auth0EventJson(JSON.stringify({ ...rest, date: storedDate ?? date }))).toBe(
      JSON.stringify({ log_id: "a3", data }),
    );
  });

  it("reads an item of another shape through JSON", () => {
    expect(auth0EventJson(JSON.stringify({ data: { type: "s" }, log_id: "a4" }))).toBe(
      '{"log_id":"a4","data":{"type":"s"}}',
    );
  });
});

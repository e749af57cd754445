import { describe, expect, it } from "vitest";
import { fitToWindow } from "@/lib/events/datadog-window";
import { DATE_FIRST, itemJson, messageOf, windowedItem } from "@/lib/events/item-json";
import { itemForStream, MAX_ITEM_BYTES } from "./items";

const MASKED_VALUE = "******";
/** A PII rule masking user_name, as the engine applies one (lib/delivery/pii.ts). */
const maskUserName = (data: Record<string, unknown>) => ({ ...data, user_name: MASKED_VALUE });
const now = new Date("2026-01-01T06:00:00Z");

describe("messageOf", () => {
  it("prefers the description, else type and user", () => {
    expect(messageOf({ description: "Wrong password" }, "fp")).toBe("Wrong password");
    expect(messageOf({ user_name: "dev@test.com" }, "s")).toBe("s dev@test.com");
    expect(messageOf({ user_id: "auth0|1" }, "slo")).toBe("slo auth0|1");
    expect(messageOf({}, "")).toBe("auth0 event");
  });
});

describe("itemJson", () => {
  it("builds Datadog's item: log_id, data as received, ddsource and service, message, and date and hostname where the event has them", () => {
    const data = {
      type: "s",
      date: "2026-01-01T00:00:00Z",
      hostname: "tenant.auth0.com",
      user_name: "a",
      description: "Success Login",
    };
    expect(JSON.parse(itemJson("a", data))).toEqual({
      log_id: "a",
      data,
      ddsource: "auth0",
      service: "auth0",
      message: "Success Login",
      date: data.date,
      hostname: data.hostname,
    });
    expect(Object.keys(JSON.parse(itemJson("b", { type: "fp" })))).toEqual([
      "log_id",
      "data",
      "ddsource",
      "service",
      "message",
    ]);
  });

  it("puts the reserved date first, so that delivery can cut it out without parsing the item", () => {
    const item = itemJson("a", { type: "s", date: "2026-01-01T00:00:00Z", hostname: "h" });
    expect(item.startsWith(`${DATE_FIRST}"2026-01-01T00:00:00Z","log_id":"a",`)).toBe(true);
  });
});

describe("windowedItem", () => {
  it("takes the leading date out and marks the item, copying the date's text", () => {
    const data = { type: "s", date: "2021-03-04T05:06:07.890Z", hostname: "h", user_name: "ann" };
    expect(JSON.parse(windowedItem(itemJson("a", data), "delayed"))).toEqual({
      ...fitToWindow(JSON.parse(itemJson("a", data)), now).item,
    });
    expect(JSON.parse(windowedItem(itemJson("a", data), "ahead")).log_streams).toEqual({
      ahead: true,
      original_date: data.date,
    });
  });

  it("finds the date's end whatever the date holds: quotes and the text that follows it come escaped", () => {
    const date = 'x","log_id":"y\\';
    const item = JSON.parse(windowedItem(itemJson("a", { type: "s", date }), "delayed"));
    expect(item).toMatchObject({ log_id: "a", data: { date }, log_streams: { delayed: true, original_date: date } });
    expect(item).not.toHaveProperty("date");
  });
});

const stored = (logId: string, data: Record<string, unknown>) => ({
  seq: 1n,
  logId,
  type: String(data.type),
  item: itemJson(logId, data),
});

describe("itemForStream", () => {
  it("sends the stored item as it is without a PII rule", () => {
    const event = stored("a", { type: "s", user_name: "dev@test.com" });
    expect(itemForStream(event, { conceal: null, now })).toBe(event.item);
  });

  it("trims an oversized event: details first, then everything but small scalars", () => {
    const data = { type: "s", date: "2026-01-01T00:00:00Z", user_name: "a", details: { blob: "x".repeat(1_200_000) } };
    const first = JSON.parse(itemForStream(stored("a", data), { conceal: null, now }));
    expect(first.data).toEqual({
      type: "s",
      date: data.date,
      user_name: "a",
      log_streams_truncated: { original_bytes: expect.any(Number) },
    });
    expect(first).toMatchObject({ log_id: "a", ddsource: "auth0", service: "auth0", message: "s a", date: data.date });

    const huge = { type: "s", big: "y".repeat(1_200_000), nested: { z: 1 }, keep: 2 };
    const json = itemForStream(stored("b", huge), { conceal: null, now });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_ITEM_BYTES);
    expect(JSON.parse(json).data).toEqual({
      type: "s",
      keep: 2,
      log_streams_truncated: { original_bytes: expect.any(Number) },
    });
  });

  it("with a PII rule works the message out again from the concealed data", () => {
    const item = JSON.parse(
      itemForStream(stored("c", { type: "s", user_name: "dev@test.com" }), { conceal: maskUserName, now }),
    );
    expect(item.message).toBe(`s ${MASKED_VALUE}`);
    expect(JSON.stringify(item)).not.toContain("dev@test.com");
  });
});

describe("an event's own __proto__ key", () => {
  it("is kept when an oversized item is trimmed to its small scalars", () => {
    const withScalarProto = JSON.parse(
      '{"type":"s","__proto__":"kept","big":"' + "y".repeat(1_200_000) + '"}',
    ) as Record<string, unknown>;
    const trimmed = JSON.parse(itemForStream(stored("p", withScalarProto), { conceal: null, now }));
    expect(Object.hasOwn(trimmed.data, "__proto__")).toBe(true);
    expect(trimmed.data["__proto__"]).toBe("kept");
  });
});

describe("itemForStream and Datadog's window", () => {
  const old = { type: "s", date: "2021-03-04T05:06:07.890Z", user_name: "dev@test.com" };

  it("drops the reserved date of an event older than the window and marks it, with or without a PII rule", () => {
    const event = { ...stored("a", old), dateMs: BigInt(Date.parse(old.date)) };
    for (const conceal of [null, maskUserName]) {
      const item = JSON.parse(itemForStream(event, { conceal, now }));
      expect(item).not.toHaveProperty("date");
      expect(item.log_streams).toEqual({ delayed: true, original_date: old.date });
      expect(item.data.date).toBe(old.date);
    }
  });

  it("decides from the item itself for events stored without dateMs, their date after the message", () => {
    const { date, ...rest } = JSON.parse(itemJson("b", old));
    const event = { seq: 1n, logId: "b", type: "s", item: JSON.stringify({ ...rest, date }) };
    const item = JSON.parse(itemForStream(event, { conceal: null, now }));
    expect(item.log_streams).toEqual({ delayed: true, original_date: old.date });
    expect(item).not.toHaveProperty("date");
  });

  it("sends a date-first item whose date does not parse as it is, as fitToWindow would", () => {
    const event = stored("d", { ...old, date: "yesterday" });
    expect(itemForStream(event, { conceal: null, now })).toBe(event.item);
  });

  it("sends a fresh event's stored item as it is", () => {
    const date = new Date(now.getTime() - 60_000).toISOString();
    const event = { ...stored("c", { ...old, date }), dateMs: BigInt(Date.parse(date)) };
    expect(itemForStream(event, { conceal: null, now })).toBe(event.item);
  });
});

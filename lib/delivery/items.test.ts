import { describe, expect, it } from "vitest";
import { buildItem, MAX_ITEM_BYTES, messageOf } from "./items";
import { applyPii, MASKED_VALUE } from "./pii";

const identity = (value: string) => value;

describe("messageOf", () => {
  it("prefers the description, else type and user", () => {
    expect(messageOf({ description: "Wrong password" }, "fp")).toBe("Wrong password");
    expect(messageOf({ user_name: "dev@test.com" }, "s")).toBe("s dev@test.com");
    expect(messageOf({ user_id: "auth0|1" }, "slo")).toBe("slo auth0|1");
    expect(messageOf({}, "")).toBe("auth0 event");
  });
});

describe("buildItem", () => {
  it("trims an oversized event: details first, then everything but small scalars", () => {
    const data = { type: "s", date: "2026-01-01T00:00:00Z", user_name: "a", details: { blob: "x".repeat(1_200_000) } };
    const first = JSON.parse(buildItem({ seq: 1n, logId: "a", type: "s", data: JSON.stringify(data), message: "s a", date: data.date, hostname: null }, { pii: null, hash: identity }));
    expect(first.data).toEqual({ type: "s", date: data.date, user_name: "a", log_streams_truncated: { original_bytes: expect.any(Number) } });
    expect(first).toMatchObject({ log_id: "a", ddsource: "auth0", service: "auth0", message: "s a", date: data.date });

    const huge = { type: "s", big: "y".repeat(1_200_000), nested: { z: 1 }, keep: 2 };
    const json = buildItem({ seq: 2n, logId: "b", type: "s", data: JSON.stringify(huge), message: "s", date: null, hostname: null }, { pii: null, hash: identity });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_ITEM_BYTES);
    expect(JSON.parse(json).data).toEqual({ type: "s", keep: 2, log_streams_truncated: { original_bytes: expect.any(Number) } });
  });
});

describe("buildItem with PII", () => {
  it("works the message out again from the concealed data", () => {
    const data = { type: "s", user_name: "dev@test.com" };
    const item = JSON.parse(buildItem({ seq: 3n, logId: "c", type: "s", data: JSON.stringify(data), message: "s dev@test.com", date: null, hostname: null }, { pii: { log_fields: ["username"], method: "mask" }, hash: identity }));
    expect(item.message).toBe(`s ${MASKED_VALUE}`);
    expect(JSON.stringify(item)).not.toContain("dev@test.com");
  });
});

describe("applyPii", () => {
  it("conceals every configured key at any depth and leaves the rest", () => {
    const data = { email: "a@b.c", user_name: "ann", details: { prompts: [{ user_name: "ann", other: 1 }] }, ip: "1.2.3.4" };
    expect(applyPii(data, { log_fields: ["username", "email"], method: "mask" }, identity)).toEqual({
      email: MASKED_VALUE,
      user_name: MASKED_VALUE,
      details: { prompts: [{ user_name: MASKED_VALUE, other: 1 }] },
      ip: "1.2.3.4",
    });
    expect(applyPii(data, { log_fields: ["email"], method: "hash" }, (v) => `h(${v})`)).toMatchObject({ email: "h(a@b.c)", user_name: "ann" });
  });
});

import { describe, expect, it } from "vitest";
import { applyPii, MASKED_VALUE } from "./pii";

const identity = (value: string) => value;

describe("applyPii", () => {
  it("conceals every configured key at any depth and leaves the rest", () => {
    const data = {
      email: "a@b.c",
      user_name: "ann",
      details: { prompts: [{ user_name: "ann", other: 1 }] },
      ip: "1.2.3.4",
    };
    expect(applyPii(data, { log_fields: ["username", "email"], method: "mask" }, identity)).toEqual({
      email: MASKED_VALUE,
      user_name: MASKED_VALUE,
      details: { prompts: [{ user_name: MASKED_VALUE, other: 1 }] },
      ip: "1.2.3.4",
    });
    expect(applyPii(data, { log_fields: ["email"], method: "hash" }, (v) => `h(${v})`)).toMatchObject({
      email: "h(a@b.c)",
      user_name: "ann",
    });
  });
});

describe("an event's own __proto__ key", () => {
  // JSON.parse makes "__proto__" an own property; assigning it to a plain object would set the prototype instead.
  const data = JSON.parse(
    '{"type":"s","__proto__":{"polluted":true,"email":"x@y.z"},"email":"a@b.c","flag":1}',
  ) as Record<string, unknown>;

  it("is kept as data by the PII rule, with PII inside it concealed too", () => {
    const concealed = applyPii(data, { log_fields: ["email"], method: "mask" }, identity);
    expect(JSON.stringify(concealed)).toBe(
      `{"type":"s","__proto__":{"polluted":true,"email":"${MASKED_VALUE}"},"email":"${MASKED_VALUE}","flag":1}`,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { classifyStatus } from "./classify-status";

const kindOf = (status: number | null) => classifyStatus({ status, text: "" }).kind;

describe("classifyStatus", () => {
  it("maps answers to the spec's outcomes", () => {
    expect([202, 200].map(kindOf)).toEqual(["delivered", "delivered"]);
    expect([null, 408, 429, 500, 502, 503].map(kindOf)).toEqual(Array(6).fill("retry"));
    expect([301, 400, 404, 422].map(kindOf)).toEqual(["fail", "fail", "fail", "fail"]);
    expect(kindOf(413)).toBe("split");
    expect([401, 403].map(kindOf)).toEqual(["suspend", "suspend"]);
  });

  it("keeps the answer's Retry-After on a retry", () => {
    expect(classifyStatus({ status: 429, text: "", retryAfterMs: 7_000 })).toEqual({
      kind: "retry",
      retryAfterMs: 7_000,
    });
  });
});

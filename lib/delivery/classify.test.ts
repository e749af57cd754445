import { describe, expect, it } from "vitest";
import { classifyResponse } from "./classify";

describe("classifyResponse", () => {
  it("maps Datadog's answers to the spec's outcomes", () => {
    expect([202, 200].map(classifyResponse)).toEqual(["delivered", "delivered"]);
    expect([null, 408, 429, 500, 502, 503].map(classifyResponse)).toEqual(Array(6).fill("retry"));
    expect([400, 404, 422].map(classifyResponse)).toEqual(["fail", "fail", "fail"]);
    expect(classifyResponse(413)).toBe("split");
    expect([401, 403].map(classifyResponse)).toEqual(["suspend", "suspend"]);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it("keeps the dashboard's own paths with their query", () => {
    expect(safeNextPath("/log-streams/lst_1/health?range=7d")).toBe("/log-streams/lst_1/health?range=7d");
    expect(safeNextPath("/log-streams")).toBe("/log-streams");
  });

  it.each([
    "//evil.example/phish",
    "/\\evil.example/phish",
    "/%5Cevil.example/phish",
    "/%255Cevil.example/phish",
    "/%2F%2Fevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "/%E0%A4%A",
    "",
  ])("sends %j to the default page", (next) => {
    expect(safeNextPath(next)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("ignores what is not a string", () => {
    expect(safeNextPath(null)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath(["/log-streams"])).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});

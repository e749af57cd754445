import { describe, expect, it } from "vitest";
import { joinScopes, splitScopes } from "./scopes";

describe("stored scopes", () => {
  it("are written space-separated in one order, whatever order they were chosen in", () => {
    expect(joinScopes(["ingest:logs", "read:log_streams"])).toBe("read:log_streams ingest:logs");
    expect(joinScopes([])).toBe("");
  });

  it("read back to the scopes, skipping words that are no scope (no prefix or substring matches)", () => {
    expect(splitScopes("read:log_streams ingest:logs")).toEqual(["read:log_streams", "ingest:logs"]);
    expect(splitScopes("read:log_streams_extra admin:everything read")).toEqual([]);
    expect(splitScopes("")).toEqual([]);
  });
});

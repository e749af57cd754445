import { describe, expect, it } from "vitest";
import { readAuditFilter } from "./list";
import { changedFields } from "./record";

describe("readAuditFilter (the /audit page's query string)", () => {
  it("keeps valid filters, trimmed", () => {
    expect(readAuditFilter({ actor: " admin ", target: "lst_0123456789abcdef", action: "stream.paused" })).toEqual({
      actor: "admin",
      target: "lst_0123456789abcdef",
      action: "stream.paused",
    });
  });

  it("ignores unknown actions, inherited names, repeated, empty and overlong values", () => {
    const ignored = { actor: undefined, target: undefined, action: undefined };
    expect(readAuditFilter({ action: "constructor" })).toEqual(ignored);
    expect(readAuditFilter({ action: "__proto__", actor: ["a", "b"], target: "" })).toEqual(ignored);
    expect(readAuditFilter({ actor: "x".repeat(321), target: "   " })).toEqual(ignored);
    expect(readAuditFilter({})).toEqual(ignored);
  });
});

describe("changedFields", () => {
  it("lists only the fields whose value changed, comparing structures and treating absent as null", () => {
    const before = {
      name: "a",
      filters: [{ type: "category", name: "auth.login.fail" }],
      tags: null,
      isPriority: false,
    };
    const after = {
      name: "b",
      filters: [{ type: "category", name: "auth.login.fail" }],
      tags: undefined,
      isPriority: true,
    };
    expect(changedFields(before, after)).toEqual({
      name: { from: "a", to: "b" },
      isPriority: { from: false, to: true },
    });
  });
});

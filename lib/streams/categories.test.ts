import { describe, expect, it } from "vitest";
import { categoryOfEventType, FILTER_CATEGORIES, FILTER_CATEGORY_NAMES } from "./categories";

describe("categoryOfEventType", () => {
  it("puts a failed Management API call (fapi) under management.fail", () => {
    expect(categoryOfEventType("fapi")).toBe("management.fail");
  });

  it("maps event codes to the categories of Auth0's Log Stream Filters page", () => {
    expect(categoryOfEventType("s")).toBe("auth.login.success");
    expect(categoryOfEventType("fp")).toBe("auth.login.fail");
    expect(categoryOfEventType("fco")).toBe("auth.login.fail");
    expect(categoryOfEventType("w")).toBe("auth.login.notification");
    expect(categoryOfEventType("slo")).toBe("auth.logout.success");
    expect(categoryOfEventType("oidc_backchannel_logout_failed")).toBe("auth.logout.fail");
    expect(categoryOfEventType("seacft")).toBe("auth.token_exchange.success");
    expect(categoryOfEventType("fepotpft")).toBe("auth.token_exchange.fail");
    expect(categoryOfEventType("sapi")).toBe("management.success");
    expect(categoryOfEventType("mgmt_api_read")).toBe("management.success");
    expect(categoryOfEventType("limit_wc")).toBe("system.notification");
    expect(categoryOfEventType("fcpro")).toBe("system.notification");
    expect(categoryOfEventType("ss_sso_failure")).toBe("user.fail");
    expect(categoryOfEventType("ublkdu")).toBe("user.notification");
    expect(categoryOfEventType("srrt")).toBe("user.success");
    expect(categoryOfEventType("fscim")).toBe("scim.event");
    expect(categoryOfEventType("actions_execution_failed")).toBe("actions");
  });

  // "S": codes are case-sensitive.
  it.each(["gd_tenant_update", "no_such_code", "", "S"])("puts %j, a code no category lists, under other", (code) => {
    expect(categoryOfEventType(code)).toBe("other");
  });
});

describe("FILTER_CATEGORIES", () => {
  it("lists every code once", () => {
    const codes = FILTER_CATEGORIES.flatMap((c) => c.codes);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("has the 20 filter names of Auth0's Management API, ending with other", () => {
    expect(new Set(FILTER_CATEGORY_NAMES).size).toBe(20);
    expect(FILTER_CATEGORY_NAMES.at(-1)).toBe("other");
    expect(FILTER_CATEGORIES.find((c) => c.name === "other")?.codes).toEqual([]);
  });
});

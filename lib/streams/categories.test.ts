import { describe, expect, it } from "vitest";
import { categoryOfEventType, FILTER_CATEGORIES } from "./categories";

describe("categoryOfEventType", () => {
  it("maps Auth0 event codes to the categories of Auth0's Log Stream Filters page", () => {
    expect(categoryOfEventType("s")).toBe("auth.login.success");
    expect(categoryOfEventType("fp")).toBe("auth.login.fail");
    expect(categoryOfEventType("slo")).toBe("auth.logout.success");
    expect(categoryOfEventType("sapi")).toBe("management.success");
    expect(categoryOfEventType("mgmt_api_read")).toBe("management.success");
    expect(categoryOfEventType("seacft")).toBe("auth.token_exchange.success");
    expect(categoryOfEventType("fn")).toBe("user.fail");
    expect(categoryOfEventType("limit_wc")).toBe("system.notification");
  });

  it("puts codes no category lists under other", () => {
    expect(categoryOfEventType("gd_tenant_update")).toBe("other");
    expect(categoryOfEventType("")).toBe("other");
  });

  it("lists every code once", () => {
    const codes = FILTER_CATEGORIES.flatMap((c) => c.codes);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

import { describe, expect, it } from "vitest";
import { hasRole, roleFromClaim } from "./roles";

describe("roles", () => {
  it("orders viewer < editor < admin, none below all", () => {
    expect(hasRole("admin", "editor")).toBe(true);
    expect(hasRole("editor", "editor")).toBe(true);
    expect(hasRole("viewer", "editor")).toBe(false);
    expect(hasRole("none", "viewer")).toBe(false);
  });

  it("maps a claim to its strongest role: a string, a list in a string, or an array (groups)", () => {
    expect(roleFromClaim("editor")).toBe("editor");
    expect(roleFromClaim("Viewer, ADMIN")).toBe("admin");
    expect(roleFromClaim(["staff", "viewer", "editor"])).toBe("editor");
    expect(roleFromClaim(["staff", 5, { role: "admin" }])).toBeUndefined();
    expect(roleFromClaim("none")).toBeUndefined();
    expect(roleFromClaim(undefined)).toBeUndefined();
  });
});

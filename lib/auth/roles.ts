/** The dashboard's roles, weakest first; `none` is a signed-in user waiting for an admin to give one. */
export const ROLES = ["none", "viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];
/** A role that opens something: what a page or an action asks for. */
export type GrantingRole = Exclude<Role, "none">;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function hasRole(role: Role, needed: GrantingRole): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * The strongest role named by an ID-token claim: a string (`"editor"`, or several separated by
 * commas or spaces) or an array of them (`groups`). Case-insensitive; names that are not roles are
 * ignored. Undefined when the claim names none.
 */
export function roleFromClaim(claim: unknown): GrantingRole | undefined {
  const values = Array.isArray(claim) ? claim : typeof claim === "string" ? claim.split(/[\s,]+/) : [];
  let best: GrantingRole | undefined;
  for (const value of values) {
    const name = typeof value === "string" ? value.trim().toLowerCase() : "";
    if (isRole(name) && name !== "none" && (best === undefined || hasRole(name, best))) best = name;
  }
  return best;
}

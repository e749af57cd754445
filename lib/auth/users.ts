import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/db/ids";
import type { User } from "@/lib/db/models";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { roleFromClaim, type GrantingRole, type Role } from "./roles";

/** The break-glass `admin` password account's user (the users_and_roles migration creates it). */
export const BREAK_GLASS_USER_ID = "usr_admin";
const LOCAL_ISSUER = "local";

/** The break-glass user, made again should it be missing: it is always an admin. */
export async function ensureBreakGlassUser(): Promise<User> {
  return db().user.upsert({
    where: { id: BREAK_GLASS_USER_ID },
    create: { id: BREAK_GLASS_USER_ID, issuer: LOCAL_ISSUER, subject: "admin", name: "admin", role: "admin" },
    update: { role: "admin", removedAt: null },
  });
}

/** What an ID token says about who signed in. */
export type SignInClaims = {
  issuer: string;
  subject: string;
  email?: string;
  isEmailVerified: boolean;
  name?: string;
  roles?: unknown;
};

/** Only an email the provider says it verified makes an admin: anyone could type one into a sign-up form. */
function isListedAdmin(claims: SignInClaims): boolean {
  if (!claims.email || !claims.isEmailVerified) return false;
  return (env().LOGSTREAMS_OIDC_ADMINS ?? []).includes(claims.email.toLowerCase());
}

/**
 * The user an SSO sign-in is for, created on the first one. The role claim, when it names a role,
 * sets the role at every sign-in (the provider decides); otherwise a new user is an admin when
 * listed in LOGSTREAMS_OIDC_ADMINS, else LOGSTREAMS_OIDC_DEFAULT_ROLE, and an existing one keeps
 * the role an admin gave. A removed user is refused.
 */
export async function userForSignIn(claims: SignInClaims, now = new Date()): Promise<User> {
  const claimed = env().LOGSTREAMS_OIDC_ROLES_CLAIM === undefined ? undefined : roleFromClaim(claims.roles);
  const existing = await db().user.findUnique({
    where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } },
  });
  if (existing?.removedAt)
    throw new AppError("forbidden", "An admin removed your access. Ask an admin to give it back.");
  const profile = { email: claims.email ?? null, name: claims.name ?? null, lastSignInAt: now };
  // Made by the sign-in itself, as the provider's claims say: nobody chose it.
  const actor = SYSTEM_ACTOR;
  if (existing) {
    return db().$transaction(async (tx) => {
      const user = await tx.user.update({
        where: { id: existing.id },
        data: { ...profile, ...(claimed ? { role: claimed } : {}) },
      });
      const changes = { role: { from: existing.role, to: user.role }, source: "roles claim" };
      if (user.role !== existing.role)
        await recordAudit({ action: "user.role_changed", target: userTarget(user), changes }, { tx, actor });
      return user;
    });
  }
  const role: Role = claimed ?? (isListedAdmin(claims) ? "admin" : env().LOGSTREAMS_OIDC_DEFAULT_ROLE);
  return db().$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { id: newId("usr"), issuer: claims.issuer, subject: claims.subject, ...profile, role },
    });
    await recordAudit(
      { action: "user.created", target: userTarget(user), changes: { role, issuer: claims.issuer } },
      { tx, actor },
    );
    return user;
  });
}

/** A user as the audit log names them: by email, else name, else id. */
const userTarget = (user: User) => ({ type: "user" as const, id: user.id, name: user.email ?? user.name ?? user.id });

export async function listUsers(): Promise<User[]> {
  return db().user.findMany({ orderBy: [{ removedAt: { sort: "desc", nulls: "first" } }, { createdAt: "asc" }] });
}

async function getSsoUserOrThrow(userId: string): Promise<User> {
  if (userId === BREAK_GLASS_USER_ID)
    throw new AppError(
      "conflict",
      "The break-glass admin account is always an admin. Turn it off with LOGSTREAMS_PASSWORD_LOGIN=off.",
    );
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError("not_found", "No such user.");
  return user;
}

/** Gives a user a role (restoring a removed one); takes effect on their next request, since every request reads the role. */
export async function setUserRole(userId: string, role: GrantingRole | "none"): Promise<User> {
  const before = await getSsoUserOrThrow(userId);
  return db().$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { role, removedAt: null } });
    await recordAudit(
      {
        action: "user.role_changed",
        target: userTarget(user),
        changes: { role: { from: before.removedAt ? "removed" : before.role, to: role } },
      },
      { tx },
    );
    return user;
  });
}

/** Removes a user's access: their sessions end now and SSO sign-in is refused until an admin gives a role again. */
export async function removeUser(userId: string, now = new Date()): Promise<User> {
  const before = await getSsoUserOrThrow(userId);
  return db().$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { removedAt: now, role: "none" } });
    await tx.adminSession.deleteMany({ where: { userId } });
    await recordAudit(
      { action: "user.removed", target: userTarget(user), changes: { role: { from: before.role, to: "none" } } },
      { tx },
    );
    return user;
  });
}

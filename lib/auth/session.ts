import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db/client";
import type { User } from "@/lib/db/models";
import { env } from "@/lib/env";
import { isHttpsRequest } from "./client-address";
import { hashToken, randomToken } from "./hashing";
import { hasRole, isRole, type GrantingRole, type Role } from "./roles";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./session-cookie";
import { BREAK_GLASS_USER_ID } from "./users";

/** A session lasts a working day at most… */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** …and ends after two hours without a request. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, not on every request. */
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

/** Who is signed in, with the role read from the database on this request. */
export type SessionUser = Pick<User, "id" | "email" | "name"> & { role: Role };

async function sessionCookieName(): Promise<string> {
  return isHttpsRequest(await headers(), env().LOGSTREAMS_TRUST_PROXY) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Opens a session for `userId` and sets its cookie (call from an action or a route handler). */
export async function startSession(userId: string): Promise<void> {
  const token = randomToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db().adminSession.create({ data: { id: hashToken(token), userId, expiresAt, lastSeenAt: now } });
  await db().adminSession.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { lastSeenAt: { lt: new Date(now.getTime() - SESSION_IDLE_MS) } }] },
  });
  const name = await sessionCookieName();
  (await cookies()).set(name, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    expires: expiresAt,
    secure: name === SECURE_SESSION_COOKIE,
  });
}

/** Ends this request's session: its row and its cookie. */
export async function endSession(): Promise<void> {
  const jar = await cookies();
  const name = await sessionCookieName();
  const token = jar.get(name)?.value;
  if (token) {
    await db().adminSession.deleteMany({ where: { id: hashToken(token) } });
  }
  jar.delete({ name, path: "/", secure: name === SECURE_SESSION_COOKIE });
}

/**
 * The signed-in user, or null. Read once per request (the layout and the page each ask), and on
 * every request: a role changed or a user removed by an admin takes effect on the next one.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(await sessionCookieName())?.value;
  if (!token) return null;
  const id = hashToken(token);
  const session = await db().adminSession.findUnique({ where: { id }, include: { user: true } });
  const now = Date.now();
  if (!session || session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > SESSION_IDLE_MS)
    return null;
  const { user } = session;
  // Removed by an admin, or the break-glass password turned off since this session began.
  if (user.removedAt || (user.id === BREAK_GLASS_USER_ID && env().LOGSTREAMS_PASSWORD_LOGIN === "off")) return null;
  if (now - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db().adminSession.updateMany({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  return { id: user.id, email: user.email, name: user.name, role: isRole(user.role) ? user.role : "none" };
});

/** Whether `user` may do what `needed` allows. */
export function canDo(user: SessionUser | null, needed: GrantingRole): boolean {
  return user !== null && hasRole(user.role, needed);
}

/**
 * The guard every dashboard page (where it reads its data) and every server action calls before it
 * reads or changes anything: without a session → /login; with a role below `needed` → /no-access.
 */
export async function requireRole(needed: GrantingRole): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!hasRole(user.role, needed)) redirect("/no-access");
  return user;
}

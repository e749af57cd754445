import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { currentActor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isHttpsRequest } from "./client-address";
import { hashToken, randomToken } from "./hashing";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./session-cookie";

/** An admin session lasts a working day at most… */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** …and ends after two hours without a request. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, not on every request. */
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

async function sessionCookieName(): Promise<string> {
  return isHttpsRequest(await headers(), env().LOGSTREAMS_TRUST_PROXY) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export async function startAdminSession(): Promise<void> {
  const token = randomToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db().adminSession.create({ data: { id: hashToken(token), expiresAt, lastSeenAt: now } });
  await db().adminSession.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { lastSeenAt: { lt: new Date(now.getTime() - SESSION_IDLE_MS) } }] } });
  const name = await sessionCookieName();
  (await cookies()).set(name, token, { httpOnly: true, sameSite: "lax", path: "/", expires: expiresAt, secure: name === SECURE_SESSION_COOKIE });
}

export async function endAdminSession(): Promise<void> {
  const jar = await cookies();
  const name = await sessionCookieName();
  const token = jar.get(name)?.value;
  if (token) {
    const { count } = await db().adminSession.deleteMany({ where: { id: hashToken(token) } });
    if (count > 0) await recordAudit({ action: "session.signed_out", target: { type: "session", name: currentActor().name } });
  }
  jar.delete({ name, path: "/", secure: name === SECURE_SESSION_COOKIE });
}

/** Read once per request: the layouts and the page of one request each call requireAdmin(). */
export const hasAdminSession = cache(async (): Promise<boolean> => {
  const token = (await cookies()).get(await sessionCookieName())?.value;
  if (!token) return false;
  const id = hashToken(token);
  const session = await db().adminSession.findUnique({ where: { id } });
  const now = Date.now();
  if (!session || session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return false;
  if (now - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db().adminSession.updateMany({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  return true;
});

/**
 * The guard every dashboard page, layout and server action calls before it reads or changes
 * anything: redirects to /login without a valid admin session.
 */
export async function requireAdmin(): Promise<void> {
  if (!(await hasAdminSession())) redirect("/login");
}

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { hashToken, randomToken } from "./hashing";

export const SESSION_COOKIE = "ls_session";
/** An admin session lasts a working day. */
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export async function startAdminSession(): Promise<void> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db().adminSession.create({ data: { id: hashToken(token), expiresAt } });
  await db().adminSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    expires: expiresAt,
    secure: false, // self-hosted behind plain http on loopback is common; a TLS proxy may add Secure
  });
}

export async function endAdminSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await db().adminSession.deleteMany({ where: { id: hashToken(token) } });
  jar.delete(SESSION_COOKIE);
}

export async function hasAdminSession(): Promise<boolean> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return false;
  const session = await db().adminSession.findUnique({ where: { id: hashToken(token) } });
  return session !== null && session.expiresAt > new Date();
}

/** For pages and server actions: redirects to /login without a valid admin session. */
export async function requireAdmin(): Promise<void> {
  if (!(await hasAdminSession())) redirect("/login");
}

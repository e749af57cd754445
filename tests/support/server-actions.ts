import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { ROOT, TEST_DIST_DIR } from "./app-server";

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

/**
 * The server actions of the test build, by `file#export` (e.g. `app/(admin)/log-streams/actions.ts#setStreamStatusAction`):
 * their ids, read from the build's server reference manifest.
 */
export function serverActionIds(): Map<string, string> {
  const manifestPath = path.join(ROOT, TEST_DIST_DIR, "server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { node: Record<string, ManifestEntry> };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename && entry.exportedName) ids.set(`${entry.filename}#${entry.exportedName}`, id);
  }
  return ids;
}

/** What a server action call came back with: the action's return value, or where Next sent the caller instead. */
export type ActionCall = { status: number; redirect: string | null; value: unknown; text: string };

/** Reads the action's return value out of Next's RSC answer (`0:{"a":"$@1",…}` then `1:<value>`). */
function returnValueOf(text: string): unknown {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = line.match(/^([0-9a-f]+):(.*)$/);
    if (match) rows.set(match[1]!, match[2]!);
  }
  const root = rows.get("0");
  if (!root) return undefined;
  const reference = (JSON.parse(root) as { a?: unknown }).a;
  if (typeof reference !== "string" || !reference.startsWith("$@")) return reference;
  const row = rows.get(reference.slice(2));
  return row === undefined ? undefined : JSON.parse(row);
}

/**
 * Calls a server action over HTTP as the browser does: a POST with its id in `Next-Action` and the
 * arguments in React's reply format (plain JSON for plain values). `cookie`: the session, if any;
 * `baseUrl`: an app of the test's own rather than the shared one.
 */
export async function callServerAction(
  id: string,
  args: unknown[],
  options: { cookie?: string; path?: string; baseUrl?: string } = {},
): Promise<ActionCall> {
  const baseUrl = options.baseUrl ?? inject("appUrl");
  const response = await fetch(`${baseUrl}${options.path ?? "/log-streams"}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "next-action": id,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      // Next refuses an action whose Origin is not the host it answers on (CSRF).
      origin: baseUrl,
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  const redirect = response.headers.get("x-action-redirect") ?? response.headers.get("location");
  let value: unknown;
  try {
    value = returnValueOf(text);
  } catch {
    value = undefined;
  }
  return { status: response.status, redirect, value, text };
}

/**
 * A signed-in admin's session cookie for the shared app (or the app on `databaseUrl`): the session row
 * is written straight into the app's database, as sign-in writes it. Points this test file's lib/db at that database.
 */
export async function adminSessionCookie(databaseUrl = inject("databaseUrl")): Promise<string> {
  process.env.DATABASE_URL = databaseUrl;
  const { db } = await import("@/lib/db/client");
  const { hashToken, randomToken } = await import("@/lib/auth/hashing");
  const { SESSION_COOKIE } = await import("@/lib/auth/session-cookie");
  const token = randomToken();
  const now = new Date();
  // The break-glass admin's user (the users_and_roles migration creates it).
  await db().adminSession.create({
    data: {
      id: hashToken(token),
      userId: "usr_admin",
      expiresAt: new Date(now.getTime() + 60 * 60_000),
      lastSeenAt: now,
    },
  });
  return `${SESSION_COOKIE}=${token}`;
}

/**
 * A signed-in SSO user's session cookie for the shared app, with `role`: the user and the session row are
 * written straight into the app's database. Points this test file's lib/db at that database.
 */
export async function userSessionCookie(
  role: "admin" | "editor" | "viewer" | "none",
): Promise<{ cookie: string; userId: string; email: string }> {
  process.env.DATABASE_URL = inject("databaseUrl");
  const { db } = await import("@/lib/db/client");
  const { newId } = await import("@/lib/db/ids");
  const { hashToken, randomToken } = await import("@/lib/auth/hashing");
  const { SESSION_COOKIE } = await import("@/lib/auth/session-cookie");
  const userId = newId("usr");
  const email = `${role}-${userId.slice(4, 12).toLowerCase()}@example.test`;
  await db().user.create({ data: { id: userId, issuer: "https://idp.example.test/", subject: userId, email, role } });
  const token = randomToken();
  await db().adminSession.create({
    data: { id: hashToken(token), userId, expiresAt: new Date(Date.now() + 60 * 60_000), lastSeenAt: new Date() },
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, userId, email };
}

/** A cookie that looks like a session to the proxy but is none: only the action's own check can refuse it. */
export const FORGED_SESSION_COOKIE = "ls_session=not-a-session";

/** Whether the call was refused for want of a session: Next sent the caller to /login and the action returned nothing. */
export function isSentToLogin(call: ActionCall): boolean {
  return call.value === undefined && (call.redirect?.startsWith("/login") ?? false);
}

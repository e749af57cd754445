"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction, type ActionResult } from "@/lib/auth/action-client";
import { clientAddress } from "@/lib/auth/client-address";
import { verifyAdminPassword } from "@/lib/auth/credentials";
import { loginThrottle } from "@/lib/auth/login-throttle";
import { safeNextPath } from "@/lib/auth/safe-next";
import { startSession } from "@/lib/auth/session";
import { onSignIn, UNKNOWN_USER } from "@/lib/auth/sign-in-events";
import { ensureBreakGlassUser } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";

const ADMIN_USER = "admin";
/** Longer than any password worth hashing: refused before the hash is worked out. */
const PASSWORD_MAX_LENGTH = 1024;

// Not strict: a form posted by React carries its own hidden fields beside these.
const signInSchema = z.object({
  username: z.string({ error: "Enter the username." }).max(200, "Wrong username or password."),
  password: z.string({ error: "Enter the password." }).max(PASSWORD_MAX_LENGTH, "Wrong username or password."),
  next: z.string().optional(),
});

const signInWithForm = defineAction("public", signInSchema, async ({ username, password, next }) => {
  if (env().LOGSTREAMS_PASSWORD_LOGIN === "off")
    throw new AppError("forbidden", "Password sign-in is turned off. Sign in with your identity provider.");
  const address = clientAddress(await headers(), env().LOGSTREAMS_TRUST_PROXY);
  const keys = [`address:${address}`];
  if (username === ADMIN_USER) keys.push(`account:${ADMIN_USER}`);
  const waitMs = loginThrottle.begin(keys);
  if (waitMs > 0)
    throw new AppError("too_many_requests", `Too many sign-in attempts; try again in ${Math.ceil(waitMs / 1000)} s.`);

  const isValid = username === ADMIN_USER && (await verifyAdminPassword(password));
  // The name tried is logged only when it is the account's: a password typed into the username field must not be.
  const actor = { kind: "user" as const, name: username === ADMIN_USER ? ADMIN_USER : UNKNOWN_USER, address };
  if (!isValid) {
    await onSignIn({ event: "sign_in_failed", method: "password", actor, reason: "wrong username or password" });
    throw new AppError("unauthorized", "Wrong username or password.");
  }
  loginThrottle.succeed(keys);
  await startSession((await ensureBreakGlassUser()).id);
  await onSignIn({ event: "sign_in", method: "password", actor });
  redirect(safeNextPath(next ?? null));
});

/** The sign-in form's action (useActionState passes the previous state first). */
export async function signIn(_state: ActionResult | null, form: FormData): Promise<ActionResult> {
  // Each field as sent; a file, a missing field or something else than a form fails the schema.
  return signInWithForm((form instanceof FormData ? Object.fromEntries(form) : form) as z.input<typeof signInSchema>);
}

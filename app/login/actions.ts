"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { defineAction, type ActionResult } from "@/lib/auth/action-client";
import { clientAddress } from "@/lib/auth/client-address";
import { verifyAdminPassword } from "@/lib/auth/credentials";
import { loginThrottle } from "@/lib/auth/login-throttle";
import { safeNextPath } from "@/lib/auth/safe-next";
import { startAdminSession } from "@/lib/auth/session";
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
  const address = clientAddress(await headers(), env().LOGSTREAMS_TRUST_PROXY);
  const keys = [`address:${address}`];
  if (username === ADMIN_USER) keys.push(`account:${ADMIN_USER}`);
  const waitMs = loginThrottle.begin(keys);
  if (waitMs > 0) throw new AppError("too_many_requests", `Too many sign-in attempts; try again in ${Math.ceil(waitMs / 1000)} s.`);

  const isValid = username === ADMIN_USER && (await verifyAdminPassword(password));
  // Throttled attempts above are not recorded: each record is a write, and they change nothing.
  // Another user name is not recorded as typed: it may be a password typed into the wrong field.
  const name = username === ADMIN_USER ? ADMIN_USER : "(unknown user)";
  const attempt = { target: { type: "session" as const, name }, actor: { kind: "user" as const, name, address } };
  if (!isValid) {
    await recordAudit({ action: "session.sign_in_failed", target: attempt.target }, { actor: attempt.actor });
    throw new AppError("unauthorized", "Wrong username or password.");
  }
  loginThrottle.succeed(keys);
  await startAdminSession();
  await recordAudit({ action: "session.signed_in", target: attempt.target }, { actor: attempt.actor });
  redirect(safeNextPath(next ?? null));
});

/** The sign-in form's action (useActionState passes the previous state first). */
export async function signIn(_state: ActionResult | null, form: FormData): Promise<ActionResult> {
  // Each field as sent; a file, a missing field or something else than a form fails the schema.
  return signInWithForm((form instanceof FormData ? Object.fromEntries(form) : form) as z.input<typeof signInSchema>);
}

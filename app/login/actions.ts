"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientAddress } from "@/lib/auth/client-address";
import { verifyAdminPassword } from "@/lib/auth/credentials";
import { loginThrottle } from "@/lib/auth/login-throttle";
import { safeNextPath } from "@/lib/auth/safe-next";
import { startAdminSession } from "@/lib/auth/session";
import { env } from "@/lib/env";

export type LoginState = { error?: string };

const ADMIN_USER = "admin";

export async function signIn(_state: LoginState, form: FormData): Promise<LoginState> {
  const username = String(form.get("username") ?? "");
  const password = String(form.get("password") ?? "");
  const keys = [`address:${clientAddress(await headers(), env().LOGSTREAMS_TRUST_PROXY)}`];
  if (username === ADMIN_USER) keys.push(`account:${ADMIN_USER}`);
  const waitMs = loginThrottle.begin(keys);
  if (waitMs > 0) return { error: `Too many sign-in attempts; try again in ${Math.ceil(waitMs / 1000)} s.` };

  const isValid = username === ADMIN_USER && (await verifyAdminPassword(password));
  if (!isValid) return { error: "Wrong username or password." };
  loginThrottle.succeed(keys);
  await startAdminSession();
  redirect(safeNextPath(form.get("next")));
}

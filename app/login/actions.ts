"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { verifyAdminPassword } from "@/lib/auth/credentials";
import { clearLoginFailures, loginDelayMs, recordLoginFailure } from "@/lib/auth/login-throttle";
import { startAdminSession } from "@/lib/auth/session";

export type LoginState = { error?: string };

/** Only same-site paths are followed after sign-in. */
function safeNext(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") ? path : "/log-streams";
}

export async function signIn(_state: LoginState, form: FormData): Promise<LoginState> {
  const requestHeaders = await headers();
  const client = requestHeaders.get("x-forwarded-for")?.split(",")[0]?.trim() || requestHeaders.get("x-real-ip") || "local";
  const delay = loginDelayMs(client);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

  const username = String(form.get("username") ?? "");
  const password = String(form.get("password") ?? "");
  const isValid = username === "admin" && (await verifyAdminPassword(password));
  if (!isValid) {
    recordLoginFailure(client);
    return { error: "Wrong username or password." };
  }
  clearLoginFailures(client);
  await startAdminSession();
  redirect(safeNext(form.get("next")));
}

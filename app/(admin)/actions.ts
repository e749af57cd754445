"use server";

import { redirect } from "next/navigation";
import { adminAction, noInput } from "@/lib/auth/action-client";
import { endAdminSession } from "@/lib/auth/session";

const endSession = adminAction(noInput, async () => {
  await endAdminSession();
  redirect("/login");
});

/** The header's Sign out form (its FormData carries nothing this needs). */
export async function signOut(): Promise<void> {
  await endSession(undefined);
}

"use server";

import { redirect } from "next/navigation";
import { endAdminSession } from "@/lib/auth/session";

export async function signOut(): Promise<void> {
  await endAdminSession();
  redirect("/login");
}

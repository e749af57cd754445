"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actorOf, defineAction, noInput } from "@/lib/auth/action-client";
import { clientAddress } from "@/lib/auth/client-address";
import { currentUser, endSession } from "@/lib/auth/session";
import { onSignIn } from "@/lib/auth/sign-in-events";
import { env } from "@/lib/env";

// Anyone signed in may sign out, a user without a role too: it only ends the caller's own session.
const endThisSession = defineAction("public", noInput, async () => {
  const user = await currentUser();
  await endSession();
  if (user)
    await onSignIn({
      event: "sign_out",
      actor: actorOf(user, clientAddress(await headers(), env().LOGSTREAMS_TRUST_PROXY)),
    });
  redirect("/login");
});

/** The header's Sign out form (its FormData carries nothing this needs). */
export async function signOut(): Promise<void> {
  await endThisSession(undefined);
}

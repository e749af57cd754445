import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { actorOf } from "@/lib/auth/action-client";
import { clientAddress } from "@/lib/auth/client-address";
import { callbackUrl, completeSignIn, flowCookieName } from "@/lib/auth/oidc";
import { oidcRequest } from "@/lib/auth/oidc-request";
import { startSession } from "@/lib/auth/session";
import { onSignIn, UNKNOWN_USER } from "@/lib/auth/sign-in-events";
import { userForSignIn } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";

export const dynamic = "force-dynamic";

// GET /auth/callback?code=…&state=…: the OpenID Provider sends the browser back here.
export async function GET(request: NextRequest) {
  const { settings, requestHeaders, isHttps } = await oidcRequest();
  const address = clientAddress(requestHeaders, env().LOGSTREAMS_TRUST_PROXY);
  const jar = await cookies();
  const flowCookie = flowCookieName(isHttps);
  const sealedFlow = jar.get(flowCookie)?.value;
  // One use: a replayed callback finds no flow.
  jar.delete({ name: flowCookie, path: "/", secure: isHttps });

  let destination: string;
  try {
    // The provider's answer is read from the query, against the callback URL it was sent to.
    const answered = new URL(`${callbackUrl(requestHeaders, isHttps)}${request.nextUrl.search}`);
    const { claims, next } = await completeSignIn(settings, answered, sealedFlow);
    const user = await userForSignIn(claims);
    await startSession(user.id);
    await onSignIn({ event: "sign_in", method: "oidc", actor: actorOf(user, address) });
    destination = next;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
    await onSignIn({
      event: "sign_in_failed",
      method: "oidc",
      actor: { kind: "user", name: UNKNOWN_USER, address },
      reason,
    });
    destination = `/login?error=${error instanceof AppError && error.code === "forbidden" ? "removed" : "sso"}`;
  }
  redirect(destination);
}

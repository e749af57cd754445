import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { beginSignIn, callbackUrl, flowCookieName, FLOW_TTL_MS } from "@/lib/auth/oidc";
import { oidcRequest } from "@/lib/auth/oidc-request";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

// GET /auth/login?next=…: "Sign in with …" sends the browser to the OpenID Provider.
export async function GET(request: NextRequest) {
  const { settings, requestHeaders, isHttps } = await oidcRequest();
  let started: Awaited<ReturnType<typeof beginSignIn>>;
  try {
    started = await beginSignIn(
      settings,
      callbackUrl(requestHeaders, isHttps),
      request.nextUrl.searchParams.get("next"),
    );
  } catch (error) {
    logger.error({ err: error, issuer: settings.issuer.href }, "OpenID Provider discovery failed");
    redirect("/login?error=unavailable");
  }
  // SameSite=Lax: the provider's redirect back is a top-level GET, which carries it.
  (await cookies()).set(flowCookieName(isHttps), started.sealedFlow, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isHttps,
    maxAge: FLOW_TTL_MS / 1000,
  });
  redirect(started.url.href);
}

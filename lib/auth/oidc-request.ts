import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { isHttpsRequest } from "./client-address";
import { oidcSettings, type OidcSettings } from "./oidc";

/** What both sign-in routes start from: the OpenID settings (without them, to /login), the request's headers, and whether it came over https. */
export async function oidcRequest(): Promise<{ settings: OidcSettings; requestHeaders: Headers; isHttps: boolean }> {
  const settings = oidcSettings();
  if (!settings) redirect("/login");
  const requestHeaders = await headers();
  return { settings, requestHeaders, isHttps: isHttpsRequest(requestHeaders, env().LOGSTREAMS_TRUST_PROXY) };
}

import * as client from "openid-client";
import { env, isLoopbackHostname } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { safeNextPath } from "./safe-next";
import type { SignInClaims } from "./users";

/** The path the OpenID Provider sends the browser back to. */
export const CALLBACK_PATH = "/auth/callback";
/** The cookie carrying one sign-in's state, nonce and PKCE verifier from /auth/login to the callback, encrypted. */
const FLOW_COOKIE = "ls_oidc_flow";

/** The flow cookie's name: `__Host-` prefixed over HTTPS, as the session cookie is. */
export const flowCookieName = (isHttps: boolean) => (isHttps ? `__Host-${FLOW_COOKIE}` : FLOW_COOKIE);
/** A sign-in must come back within this long. */
export const FLOW_TTL_MS = 10 * 60 * 1000;
/** The additional data the flow cookie is sealed with, so that no other sealed value passes for one. */
const FLOW_SEAL = "oidc-flow";

export type OidcSettings = { issuer: URL; clientId: string; clientSecret: string };

export function oidcSettings(): OidcSettings | null {
  const {
    LOGSTREAMS_OIDC_ISSUER: issuer,
    LOGSTREAMS_OIDC_CLIENT_ID: clientId,
    LOGSTREAMS_OIDC_CLIENT_SECRET: clientSecret,
  } = env();
  return issuer && clientId && clientSecret ? { issuer: new URL(issuer), clientId, clientSecret } : null;
}

/** What the sign-in button says: "Sign in with Auth0", or with the issuer's host for a provider it does not know. */
export function providerName(issuer: URL): string {
  const host = issuer.hostname;
  const known: [RegExp, string][] = [
    [/\.auth0\.com$/, "Auth0"],
    [/\.okta(preview)?\.com$/, "Okta"],
    [/^login\.microsoftonline\.com$/, "Microsoft"],
    [/^accounts\.google\.com$/, "Google"],
  ];
  return known.find(([pattern]) => pattern.test(host))?.[1] ?? host;
}

/** Outgoing requests never follow redirects: a redirect from the provider is an error. */
const fetchWithoutRedirects: client.CustomFetch = (url, options) =>
  fetch(url, { ...options, redirect: "manual" } as RequestInit);

let discovered: Promise<client.Configuration> | undefined;

/** The provider's configuration, discovered once (again after a failure). Plain http only on loopback (env.ts checks). */
async function configuration(settings: OidcSettings): Promise<client.Configuration> {
  discovered ??= client
    .discovery(settings.issuer, settings.clientId, undefined, client.ClientSecretPost(settings.clientSecret), {
      [client.customFetch]: fetchWithoutRedirects,
      // openid-client trusts the token endpoint's TLS for an ID token by default; the signature is checked against the JWKS too.
      execute: [
        client.enableNonRepudiationChecks,
        ...(settings.issuer.protocol === "http:" && isLoopbackHostname(settings.issuer.hostname)
          ? [client.allowInsecureRequests]
          : []),
      ],
    })
    .then((config) => {
      config[client.customFetch] = fetchWithoutRedirects;
      return config;
    })
    .catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
  return discovered;
}

type Flow = { state: string; nonce: string; verifier: string; next: string; startedAt: number };

/** Starts a sign-in: where to send the browser, and the sealed flow to keep in FLOW_COOKIE. */
export async function beginSignIn(
  settings: OidcSettings,
  redirectUri: string,
  next: unknown,
): Promise<{ url: URL; sealedFlow: string }> {
  const config = await configuration(settings);
  const flow: Flow = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    next: safeNextPath(next),
    startedAt: Date.now(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    response_type: "code",
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
  });
  return { url, sealedFlow: encryptSecret(JSON.stringify(flow), FLOW_SEAL) };
}

function openFlow(sealedFlow: string | undefined, now: number): Flow {
  if (!sealedFlow)
    throw new AppError("unauthorized", "The sign-in expired or was started in another browser. Sign in again.");
  let flow: Flow;
  try {
    flow = JSON.parse(decryptSecret(sealedFlow, FLOW_SEAL)) as Flow;
  } catch {
    throw new AppError("unauthorized", "The sign-in could not be read. Sign in again.");
  }
  if (now - flow.startedAt > FLOW_TTL_MS) throw new AppError("unauthorized", "The sign-in expired. Sign in again.");
  return flow;
}

/**
 * Finishes a sign-in at the callback: openid-client checks `state`, exchanges the code with the PKCE
 * verifier and verifies the ID token (signature against the issuer's JWKS, `iss`, `aud`, `exp`,
 * `nonce`). Any failure throws; `reason` is for the operator's log, never the user's page.
 */
export async function completeSignIn(
  settings: OidcSettings,
  callbackUrl: URL,
  sealedFlow: string | undefined,
  now = Date.now(),
): Promise<{ claims: SignInClaims; next: string }> {
  const flow = openFlow(sealedFlow, now);
  const config = await configuration(settings);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const idToken = tokens.claims();
  if (!idToken) throw new AppError("unauthorized", "The provider sent no ID token.");
  const rolesClaim = env().LOGSTREAMS_OIDC_ROLES_CLAIM;
  const email = typeof idToken.email === "string" ? idToken.email : undefined;
  const name = typeof idToken.name === "string" ? idToken.name : undefined;
  return {
    claims: {
      issuer: idToken.iss,
      subject: idToken.sub,
      email,
      isEmailVerified: idToken.email_verified !== false,
      name,
      roles: rolesClaim ? idToken[rolesClaim] : undefined,
    },
    next: flow.next,
  };
}

/** `{LOGSTREAMS_PUBLIC_URL or the request's origin}/auth/callback`: what the provider must have registered. */
export function callbackUrl(headers: { get(name: string): string | null }, isHttps: boolean): string {
  const origin =
    env().LOGSTREAMS_PUBLIC_URL?.replace(/\/+$/, "") ??
    `${isHttps ? "https" : "http"}://${headers.get("host") ?? "localhost"}`;
  return `${origin}${CALLBACK_PATH}`;
}

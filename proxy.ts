import { NextResponse, type NextRequest } from "next/server";
import { isHttpsRequest } from "@/lib/auth/client-address";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { env } from "@/lib/env";

/**
 * The first line in front of the dashboard: sends a request without a session cookie to /login and
 * sets each page's Content-Security-Policy with a fresh nonce (Next puts it on its own scripts).
 * It only sees that a cookie is there: every page and action checks the session itself.
 */
export function proxy(request: NextRequest) {
  const isHttps = isHttpsRequest(request.headers, env().LOGSTREAMS_TRUST_PROXY);
  const { pathname, search } = request.nextUrl;
  const hasSessionCookie = request.cookies.has(isHttps ? SECURE_SESSION_COOKIE : SESSION_COOKIE);
  // /auth/…: the single sign-on's start and the provider's way back, before any session exists.
  if (pathname !== "/login" && !pathname.startsWith("/auth/") && !hasSessionCookie) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(login), contentSecurityPolicy(nonce(), isHttps), isHttps);
  }
  const policy = contentSecurityPolicy(nonce(), isHttps);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), policy, isHttps);
}

function nonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

function contentSecurityPolicy(nonceValue: string, isHttps: boolean): string {
  const isDev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // React needs eval only in development, for its error overlays.
    `script-src 'self' 'nonce-${nonceValue}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Radix, Recharts and Sonner set style attributes; scripts are what a nonce must guard.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

function withSecurityHeaders(response: NextResponse, policy: string, isHttps: boolean): NextResponse {
  response.headers.set("Content-Security-Policy", policy);
  if (isHttps) response.headers.set("Strict-Transport-Security", "max-age=31536000");
  return response;
}

export const config = {
  // Pages only: the API, ingestion, /healthz and /metrics check their own bearer tokens, and static
  // files need neither a session nor a policy of their own.
  matcher: ["/((?!api/|healthz|metrics|_next/static|_next/image|favicon.ico).*)"],
};

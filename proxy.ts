import { NextResponse, type NextRequest } from "next/server";
import { isHttpsRequest } from "@/lib/auth/client-address";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { errorBody } from "@/lib/api/errors";
import { env } from "@/lib/env";

/**
 * The first line in front of the dashboard: sends a request without a session cookie to /login and
 * sets each page's Content-Security-Policy with a fresh nonce (Next puts it on its own scripts).
 * It only sees that a cookie is there: every page and action checks the session itself.
 * For every path, pages and API alike, it refuses one that is not valid percent-encoding: Next
 * would answer its route's parameters with a 500.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!isDecodable(pathname)) return malformedPath(pathname);
  if (pathname.startsWith("/api/")) return NextResponse.next();
  const isHttps = isHttpsRequest(request.headers, env().LOGSTREAMS_TRUST_PROXY);
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

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function malformedPath(pathname: string): Response {
  const message = "The request's path is not valid percent-encoding (e.g. a lone or cut-off %XX): correct the address.";
  if (pathname.startsWith("/api/")) return Response.json(errorBody(400, message, "invalid_uri"), { status: 400 });
  return new Response(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
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
  // Pages, and the API for its paths only (its routes check their own bearer tokens). Not ingestion
  // (a path without parameters, and the hot one), /healthz, /metrics or static files.
  matcher: ["/((?!api/v2/logs$|healthz|metrics|_next/static|_next/image|favicon.ico).*)"],
};

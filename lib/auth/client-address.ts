import http from "node:http";
import type { TLSSocket } from "node:tls";

/**
 * Headers that carry what only the socket knows. Next gives pages and actions the request's headers
 * but not its socket, and fills in `X-Forwarded-For` from the socket only when the client sent none,
 * so a client could otherwise choose its own address.
 */
const SOCKET_ADDRESS_HEADER = "x-logstreams-socket-address";
const SOCKET_TLS_HEADER = "x-logstreams-socket-tls";

type Headers = { get(name: string): string | null };

let isInstalled = false;

/**
 * Stamps every request this process's HTTP servers receive with the socket's remote address and
 * whether it came over TLS, replacing whatever a client sent under those names. Called once at start-up,
 * before the first request is handled.
 */
export function installSocketStamp(): void {
  if (isInstalled) return;
  isInstalled = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
      request.headers[SOCKET_TLS_HEADER] = (request.socket as TLSSocket).encrypted ? "1" : "0";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

/** The entry `trustedProxies` places from the right of a comma-separated forwarding header (the leftmost when there are fewer). */
function forwardedEntry(value: string | null, trustedProxies: number): string | undefined {
  const entries = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - trustedProxies)];
}

/**
 * The client's address: the socket's, or with `trustedProxies` proxies in front the address the
 * outermost trusted proxy saw (X-Forwarded-For's Nth entry from the right).
 */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const socketAddress = headers.get(SOCKET_ADDRESS_HEADER) || "unknown";
  if (trustedProxies === 0) return socketAddress;
  return forwardedEntry(headers.get("x-forwarded-for"), trustedProxies) ?? socketAddress;
}

/** Whether the browser reached us over HTTPS: TLS on the socket, or X-Forwarded-Proto from a trusted proxy. */
export function isHttpsRequest(headers: Headers, trustedProxies: number): boolean {
  if (headers.get(SOCKET_TLS_HEADER) === "1") return true;
  if (trustedProxies === 0) return false;
  return forwardedEntry(headers.get("x-forwarded-proto"), trustedProxies)?.toLowerCase() === "https";
}

import { isIP } from "node:net";
import { env } from "@/lib/env";

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/** Why the server may not send to `value`: plain http only to a loopback address, or with LOGSTREAMS_ALLOW_HTTP_DESTINATIONS=true. */
export function destinationUrlProblem(value: string, field: string): string | null {
  if (new URL(value).protocol === "https:") return null;
  if (isLoopbackHost(new URL(value).hostname) || env().LOGSTREAMS_ALLOW_HTTP_DESTINATIONS === "true") return null;
  return `${field} must be https; plain http is allowed only to a loopback address, or with LOGSTREAMS_ALLOW_HTTP_DESTINATIONS=true`;
}

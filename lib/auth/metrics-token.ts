import { env } from "@/lib/env";
import { verifyApiToken } from "./credentials";
import { hashToken, tokenMatchesHash } from "./hashing";

/** GET /metrics: LOGSTREAMS_METRICS_TOKEN when set (so Prometheus needs no Management API token), or the Management API token. */
export async function verifyMetricsToken(token: string): Promise<boolean> {
  const configured = env().LOGSTREAMS_METRICS_TOKEN;
  if (configured && tokenMatchesHash(token, hashToken(configured))) return true;
  return verifyApiToken(token);
}

import { env } from "@/lib/env";
import { hashToken, tokenMatchesHash } from "./hashing";

/** GET /metrics's own token, LOGSTREAMS_METRICS_TOKEN, when set (so Prometheus needs no Management API token); the route also takes the Management API token. */
export async function verifyMetricsEnvToken(token: string): Promise<boolean> {
  const configured = env().LOGSTREAMS_METRICS_TOKEN;
  return configured !== undefined && tokenMatchesHash(token, hashToken(configured));
}

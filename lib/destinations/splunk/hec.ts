import { Agent } from "undici";
import { classifyStatus } from "../classify-status";
import type { Answer, Verdict } from "../destination";
import { urlHostOf, type SplunkSink } from "./sink";

/**
 * HEC's answer codes (Splunk docs, "Troubleshoot HTTP Event Collector"): every answer is JSON
 * `{"text": …, "code": n}`, and the code says more than the status.
 */
export const HEC_CODE = {
  success: 0,
  tokenDisabled: 1,
  tokenRequired: 2,
  invalidAuthorization: 3,
  invalidToken: 4,
  noData: 5,
  invalidDataFormat: 6,
  incorrectIndex: 7,
  internalError: 8,
  serverBusy: 9,
  eventFieldRequired: 12,
  eventFieldBlank: 13,
} as const;

/** The token is missing, malformed, unknown or disabled: only a new token (or Splunk's admin) helps. */
const TOKEN_CODES: readonly number[] = [
  HEC_CODE.tokenDisabled,
  HEC_CODE.tokenRequired,
  HEC_CODE.invalidAuthorization,
  HEC_CODE.invalidToken,
];
/** Server busy (9), and HEC unhealthy: queues full (18), acknowledgements unavailable (19), both (20). */
const BUSY_CODES: readonly number[] = [HEC_CODE.serverBusy, 18, 19, 20];

// Keep-alive connection pools per process. Streams whose splunkSecure is false have a pool of their
// own that accepts any certificate, so no other request ever goes without verification.
const verifyingAgent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
const unverifyingAgent = new Agent({
  keepAliveTimeout: 30_000,
  connections: 16,
  connect: { rejectUnauthorized: false },
});

export function agentFor(config: SplunkSink): Agent {
  return config.splunkSecure ? verifyingAgent : unverifyingAgent;
}

/** HEC's JSON event endpoint. */
export function hecEventUrl(config: SplunkSink): string {
  return `https://${urlHostOf(config.splunkDomain)}:${config.splunkPort}/services/collector/event`;
}

/** The `code` of a HEC answer, or null when the answer is not HEC's JSON (e.g. a proxy's page). */
export function hecCodeOf(text: string): number | null {
  try {
    const { code } = JSON.parse(text) as { code?: unknown };
    return typeof code === "number" ? code : null;
  } catch {
    return null;
  }
}

export function isTokenRefused(status: number | null, code: number | null): boolean {
  return status === 401 || status === 403 || (code !== null && TOKEN_CODES.includes(code));
}

/**
 * What HEC's answer means for the batch: a token code or 401/403 suspends; server busy (code 9,
 * 503) and other 5xx are retried with the answer's Retry-After; 413 splits; the invalid-data codes
 * (5, 6, 7, 12, 13 … with 400) fail the batch; 2xx (code 0) is delivered.
 */
export function classifyHecAnswer(answer: Answer): Verdict {
  const code = hecCodeOf(answer.text);
  if (isTokenRefused(answer.status, code)) return { kind: "suspend" };
  if (code !== null && BUSY_CODES.includes(code)) return { kind: "retry", retryAfterMs: answer.retryAfterMs };
  return classifyStatus(answer);
}

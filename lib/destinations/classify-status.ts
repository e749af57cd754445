import { isRetryableStatus } from "@/lib/retry/backoff";
import type { Answer, Verdict } from "./destination";

/**
 * The HTTP status rule Datadog and the Custom Webhook share: 2xx delivered; 401/403 the credentials
 * were refused; 413 too large; no answer, 408, 429 and 5xx retried (with the answer's Retry-After);
 * any other (a 3xx included: redirects are not followed) fails the batch.
 */
export function classifyStatus(answer: Answer): Verdict {
  const { status } = answer;
  if (status !== null && status >= 200 && status < 300) return { kind: "delivered" };
  if (status === 401 || status === 403) return { kind: "suspend" };
  if (status === 413) return { kind: "split" };
  if (isRetryableStatus(status)) return { kind: "retry", retryAfterMs: answer.retryAfterMs };
  return { kind: "fail" };
}

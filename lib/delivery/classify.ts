import { isRetryableStatus } from "@/lib/retry/backoff";

/** What to do with a batch after Datadog's answer (spec: Delivery to Datadog). */
export type Verdict = "delivered" | "retry" | "split" | "fail" | "suspend";

/** `status` is null when no HTTP answer came (network error, timeout). */
export function classifyResponse(status: number | null): Verdict {
  if (status === null) return "retry";
  if (status >= 200 && status < 300) return "delivered";
  if (status === 401 || status === 403) return "suspend";
  if (status === 413) return "split";
  if (isRetryableStatus(status)) return "retry";
  return "fail";
}

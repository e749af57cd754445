import type { Answer, Destination, RequestPlan } from "@/lib/destinations/destination";
import { observeIntakeRequest } from "@/lib/health/intake-metrics";
import { isRedirect, redirectRefused, sendRequest } from "@/lib/outgoing/send-request";
import { parseRetryAfter } from "@/lib/retry/backoff";
import { maskApiKey, lastFour } from "@/lib/destinations/mask";

/** The destination's answer is kept for the failure record, cut to this many characters. */
const MAX_DETAIL_CHARS = 2_000;
/** At most this much of an answer is read (an error is a short text): a huge answer must not grow the app's memory. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** An answer with the words a failure record keeps: secrets masked. */
export type PostAnswer = Answer & { detail: string };

/** `text` with each of `secrets`, and whatever the destination deems secret-shaped, masked to its last 4 characters. */
export function maskSecretsIn(text: string, secrets: readonly string[], destination: Destination): string {
  let masked = text;
  for (const secret of secrets)
    if (secret.length >= 4) masked = masked.replaceAll(secret, maskApiKey(lastFour(secret)));
  return destination.maskAnswer ? destination.maskAnswer(masked) : masked;
}

/**
 * POSTs one body as the destination's request plan says. Never throws: a network error or timeout
 * is an answer with status null. A redirect is not followed: its 3xx comes back as the answer. The
 * detail never holds a secret of the stream (a destination or a proxy may echo it).
 */
export async function postBody(
  plan: RequestPlan,
  body: Buffer,
  timeoutMs: number,
  mask: (text: string) => string,
  label: string,
  now = new Date(),
  streamId = "",
): Promise<PostAnswer> {
  const startedAt = performance.now();
  const observe = (code: number | "network" | "timeout") =>
    observeIntakeRequest(streamId, code, (performance.now() - startedAt) / 1000);
  const detailOf = (text: string) => mask(text).slice(0, MAX_DETAIL_CHARS);
  try {
    const answer = await sendRequest(plan.url, {
      method: "POST",
      dispatcher: plan.dispatcher,
      headers: plan.headers,
      body,
      timeoutMs,
      maxAnswerBytes: MAX_ANSWER_BYTES,
    });
    observe(answer.status);
    return {
      status: answer.status,
      text: answer.text,
      detail: detailOf(isRedirect(answer.status) ? redirectRefused(label, answer.status) : answer.text),
      retryAfterMs: parseRetryAfter(answer.headers.get("retry-after"), now),
    };
  } catch (error) {
    const isTimeout = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
    observe(isTimeout ? "timeout" : "network");
    return {
      status: null,
      text: "",
      detail: detailOf(
        isTimeout
          ? `No answer from ${label} within ${timeoutMs / 1000} s`
          : `Network error: ${(error as Error).message}`,
      ),
    };
  }
}

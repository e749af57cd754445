import { Agent } from "undici";
import { observeIntakeRequest } from "@/lib/health/intake-metrics";
import { isRedirect, redirectRefused, sendRequest } from "@/lib/outgoing/send-request";
import { parseRetryAfter } from "@/lib/retry/backoff";
import { maskApiKeysIn } from "@/lib/streams/mask";
import { siteOf, type Region } from "@/lib/streams/regions";

/** Datadog's answer is kept for the failure record, cut to this many characters. */
const MAX_DETAIL_CHARS = 2_000;
/** At most this much of an answer is read (an error is a short JSON): a huge answer must not grow the app's memory. */
const MAX_ANSWER_BYTES = 64 * 1024;

export type IntakeAnswer = { status: number | null; detail: string; retryAfterMs?: number };

// One keep-alive connection pool per process, shared by every stream.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });

export function intakeUrl(template: string, region: Region): string {
  return template.replace("{site}", siteOf(region));
}

/**
 * POSTs one gzip'ed JSON array to Datadog's intake. Never throws: a network error or timeout
 * is an answer with status null. A redirect is not followed: its 3xx fails the batch as a 4xx
 * does (classifyResponse). The detail never holds the API key (an intake or proxy may echo it).
 */
export async function postToIntake(url: string, apiKey: string, gzippedBody: Buffer, timeoutMs: number, now = new Date(), streamId = ""): Promise<IntakeAnswer> {
  const startedAt = performance.now();
  const observe = (code: number | "network" | "timeout") => observeIntakeRequest(streamId, code, (performance.now() - startedAt) / 1000);
  const detailOf = (text: string) => maskApiKeysIn(text, apiKey).slice(0, MAX_DETAIL_CHARS);
  try {
    const answer = await sendRequest(url, {
      method: "POST",
      dispatcher: agent,
      headers: { "DD-API-KEY": apiKey, "Content-Type": "application/json", "Content-Encoding": "gzip" },
      body: gzippedBody,
      timeoutMs,
      maxAnswerBytes: MAX_ANSWER_BYTES,
    });
    observe(answer.status);
    return {
      status: answer.status,
      detail: detailOf(isRedirect(answer.status) ? redirectRefused("Datadog's intake", answer.status) : answer.text),
      retryAfterMs: parseRetryAfter(answer.headers.get("retry-after"), now),
    };
  } catch (error) {
    const isTimeout = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
    observe(isTimeout ? "timeout" : "network");
    return { status: null, detail: detailOf(isTimeout ? `No answer from Datadog within ${timeoutMs / 1000} s` : `Network error: ${(error as Error).message}`) };
  }
}

import { Agent, request } from "undici";
import { siteOf, type Region } from "@/lib/streams/regions";
import { parseRetryAfter } from "./backoff";

/** Datadog's answer is kept for the failure record, cut to this many characters. */
const MAX_DETAIL_CHARS = 2_000;

export type IntakeAnswer = { status: number | null; detail: string; retryAfterMs?: number };

// One keep-alive connection pool per process, shared by every stream.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });

export function intakeUrl(template: string, region: Region): string {
  return template.replace("{site}", siteOf(region));
}

/**
 * POSTs one gzip'ed JSON array to Datadog's intake. Never throws: a network error or timeout
 * is an answer with status null.
 */
export async function postToIntake(url: string, apiKey: string, gzippedBody: Buffer, timeoutMs: number, now = new Date()): Promise<IntakeAnswer> {
  try {
    const response = await request(url, {
      method: "POST",
      dispatcher: agent,
      headers: { "DD-API-KEY": apiKey, "Content-Type": "application/json", "Content-Encoding": "gzip" },
      body: gzippedBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.body.text();
    const retryAfter = response.headers["retry-after"];
    return {
      status: response.statusCode,
      detail: text.slice(0, MAX_DETAIL_CHARS),
      retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, now),
    };
  } catch (error) {
    const isTimeout = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
    return { status: null, detail: isTimeout ? `No answer from Datadog within ${timeoutMs / 1000} s` : `Network error: ${(error as Error).message}` };
  }
}

import type { Readable } from "node:stream";
import { Agent, request } from "undici";
import { observeIntakeRequest } from "@/lib/health/intake-metrics";
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

/** The first `maxBytes` of a body as text; the rest is not read (leaving the loop early destroys the body and its connection). */
export async function readAtMost(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= maxBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
}

/**
 * POSTs one gzip'ed JSON array to Datadog's intake. Never throws: a network error or timeout
 * is an answer with status null. The detail never holds the API key (an intake or proxy may echo it).
 */
export async function postToIntake(url: string, apiKey: string, gzippedBody: Buffer, timeoutMs: number, now = new Date(), streamId = ""): Promise<IntakeAnswer> {
  const startedAt = performance.now();
  const observe = (code: number | "network" | "timeout") => observeIntakeRequest(streamId, code, (performance.now() - startedAt) / 1000);
  const detailOf = (text: string) => maskApiKeysIn(text, apiKey).slice(0, MAX_DETAIL_CHARS);
  try {
    const response = await request(url, {
      method: "POST",
      dispatcher: agent,
      headers: { "DD-API-KEY": apiKey, "Content-Type": "application/json", "Content-Encoding": "gzip" },
      body: gzippedBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await readAtMost(response.body, MAX_ANSWER_BYTES);
    const retryAfter = response.headers["retry-after"];
    observe(response.statusCode);
    return {
      status: response.statusCode,
      detail: detailOf(text),
      retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, now),
    };
  } catch (error) {
    const isTimeout = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
    observe(isTimeout ? "timeout" : "network");
    return { status: null, detail: detailOf(isTimeout ? `No answer from Datadog within ${timeoutMs / 1000} s` : `Network error: ${(error as Error).message}`) };
  }
}

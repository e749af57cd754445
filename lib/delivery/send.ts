import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Region } from "@/lib/streams/regions";
import { MAX_ATTEMPTS, retryDelayMs } from "./backoff";
import { batchBody, type BatchItem } from "./batch";
import { classifyResponse } from "./classify";
import { intakeUrl, postToIntake } from "./datadog-client";

// zlib's async gzip runs on libuv's thread pool, off the event loop.
const gzip = promisify(zlib.gzip);

/** What delivery needs from its surroundings; tests pass their own clock and sleep. */
export type DeliveryContext = {
  urlTemplate: string;
  timeoutMs: number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  /** Checked before each attempt: false stops delivery (e.g. the stream's lease was lost). */
  shouldContinue?: () => boolean;
};

export type Target = { apiKey: string; region: Region };

export type PartResult =
  | { kind: "delivered"; items: BatchItem[] }
  | { kind: "failed"; items: BatchItem[]; attempts: number; status: number | null; detail: string }
  | { kind: "suspended"; items: BatchItem[]; attempts: number; status: number; detail: string }
  | { kind: "stopped"; items: BatchItem[] };

/** Sends one body with up to MAX_ATTEMPTS attempts; "split" when Datadog says it is too large. */
async function sendWithRetries(items: BatchItem[], target: Target, ctx: DeliveryContext, gzipped?: Buffer): Promise<PartResult | "split"> {
  const body = gzipped ?? (await gzip(batchBody(items)));
  const url = intakeUrl(ctx.urlTemplate, target.region);
  for (let attempt = 1; ; attempt++) {
    if (ctx.shouldContinue && !ctx.shouldContinue()) return { kind: "stopped", items };
    const answer = await postToIntake(url, target.apiKey, body, ctx.timeoutMs, ctx.now());
    const verdict = classifyResponse(answer.status);
    switch (verdict) {
      case "delivered":
        return { kind: "delivered", items };
      case "suspend":
        return { kind: "suspended", items, attempts: attempt, status: answer.status!, detail: answer.detail };
      case "split":
        if (items.length > 1) return "split";
        return { kind: "failed", items, attempts: attempt, status: answer.status, detail: answer.detail || "Datadog refused the log as too large (413)" };
      case "fail":
        return { kind: "failed", items, attempts: attempt, status: answer.status, detail: answer.detail };
      case "retry":
        if (attempt >= MAX_ATTEMPTS) return { kind: "failed", items, attempts: attempt, status: answer.status, detail: answer.detail };
        await ctx.sleep(retryDelayMs(attempt, answer.retryAfterMs, ctx.random));
        break;
      default: {
        const unreachable: never = verdict;
        throw new Error(`unknown verdict ${String(unreachable)}`);
      }
    }
  }
}

/**
 * Delivers items in order, splitting in halves on 413. The results cover the items in order;
 * after a "suspended" or "stopped" part nothing more is sent. `gzipped` is the items' body when
 * already compressed.
 */
export async function sendBatch(items: BatchItem[], target: Target, ctx: DeliveryContext, gzipped?: Buffer): Promise<PartResult[]> {
  const result = await sendWithRetries(items, target, ctx, gzipped);
  if (result !== "split") return [result];
  const middle = Math.ceil(items.length / 2);
  const first = await sendBatch(items.slice(0, middle), target, ctx);
  const last = first.at(-1)!;
  if (last.kind === "suspended" || last.kind === "stopped") return first;
  return [...first, ...(await sendBatch(items.slice(middle), target, ctx))];
}

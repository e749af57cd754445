import { promisify } from "node:util";
import zlib from "node:zlib";
import { logRetryScheduled } from "@/lib/operator-log";
import { MAX_ATTEMPTS, retryDelayMs } from "@/lib/retry/backoff";
import type { Region } from "@/lib/streams/regions";
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
  /** ms since the epoch (by `now`): no attempt starts after it, and no retry wait that would end after it. */
  deadline?: number;
};

/** `streamId` labels the intake request metrics. */
export type Target = { apiKey: string; region: Region; streamId?: string };

/**
 * A gzip'ed body ready to send, with how many items it holds (`delayed` of them without their
 * date, see datadog-window.ts); the items themselves are read only when an outcome needs them
 * (a failure record, a split).
 */
export type Sendable = { count: number; delayed: number; gzipped: Buffer; items: () => Promise<BatchItem[]> };

/** A body of `count` items, gzip'ed here; `items` reads them when an outcome needs them one by one. */
export async function toSendable(count: number, body: string | Buffer, items: () => Promise<BatchItem[]>, delayed = 0): Promise<Sendable> {
  return { count, delayed, gzipped: await gzip(body), items };
}

export function sendableOf(items: BatchItem[]): Promise<Sendable> {
  return toSendable(items.length, batchBody(items), async () => items, items.filter((item) => item.isDelayed).length);
}

export type PartResult =
  | { kind: "delivered"; count: number; delayed: number }
  | { kind: "failed"; items: BatchItem[]; attempts: number; status: number | null; detail: string }
  | { kind: "suspended"; items: BatchItem[]; attempts: number; status: number; detail: string }
  | { kind: "stopped"; items: BatchItem[] };

/** A part after which nothing more of the stream is sent: the key was refused, or the lease or dispatcher stopped. */
export function haltsDelivery(part: PartResult): part is Extract<PartResult, { kind: "suspended" | "stopped" }> {
  return part.kind === "suspended" || part.kind === "stopped";
}

export function itemCount(part: PartResult): number {
  return part.kind === "delivered" ? part.count : part.items.length;
}

const isPastDeadline = (ctx: DeliveryContext, atMs: number) => ctx.deadline !== undefined && atMs > ctx.deadline;

/** Sends one body with up to MAX_ATTEMPTS attempts; "split" when Datadog says it is too large. */
async function sendWithRetries(sendable: Sendable, target: Target, ctx: DeliveryContext): Promise<PartResult | "split"> {
  const url = intakeUrl(ctx.urlTemplate, target.region);
  for (let attempt = 1; ; attempt++) {
    const mayStart = (!ctx.shouldContinue || ctx.shouldContinue()) && !isPastDeadline(ctx, ctx.now().getTime());
    if (!mayStart) return { kind: "stopped", items: await sendable.items() };
    const answer = await postToIntake(url, target.apiKey, sendable.gzipped, ctx.timeoutMs, ctx.now(), target.streamId);
    const verdict = classifyResponse(answer.status);
    switch (verdict) {
      case "delivered":
        return { kind: "delivered", count: sendable.count, delayed: sendable.delayed };
      case "suspend":
        return { kind: "suspended", items: await sendable.items(), attempts: attempt, status: answer.status!, detail: answer.detail };
      case "split":
        if (sendable.count > 1) return "split";
        return { kind: "failed", items: await sendable.items(), attempts: attempt, status: answer.status, detail: answer.detail || "Datadog refused the log as too large (413)" };
      case "fail":
        return { kind: "failed", items: await sendable.items(), attempts: attempt, status: answer.status, detail: answer.detail };
      case "retry": {
        if (attempt >= MAX_ATTEMPTS) return { kind: "failed", items: await sendable.items(), attempts: attempt, status: answer.status, detail: answer.detail };
        const delayMs = retryDelayMs(attempt, answer.retryAfterMs, ctx.random);
        // A wait that would end past the deadline is not begun: the batch is left for the next pass.
        if (isPastDeadline(ctx, ctx.now().getTime() + delayMs)) return { kind: "stopped", items: await sendable.items() };
        logRetryScheduled(target.streamId, answer.status, attempt, delayMs);
        await ctx.sleep(delayMs);
        break;
      }
      default: {
        const unreachable: never = verdict;
        throw new Error(`unknown verdict ${String(unreachable)}`);
      }
    }
  }
}

/**
 * Delivers a body's items in order, splitting them in halves on 413. The results cover the items
 * in order; after a "suspended" or "stopped" part nothing more is sent.
 */
export async function sendBatch(sendable: Sendable, target: Target, ctx: DeliveryContext): Promise<PartResult[]> {
  const result = await sendWithRetries(sendable, target, ctx);
  if (result !== "split") return [result];
  const items = await sendable.items();
  const middle = Math.ceil(items.length / 2);
  const first = await sendBatch(await sendableOf(items.slice(0, middle)), target, ctx);
  const last = first.at(-1)!;
  if (haltsDelivery(last)) return first;
  return [...first, ...(await sendBatch(await sendableOf(items.slice(middle)), target, ctx))];
}

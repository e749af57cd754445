import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Destination } from "@/lib/destinations/destination";
import { logRetryScheduled } from "@/lib/operator-log";
import { MAX_ATTEMPTS, retryDelayMs } from "@/lib/retry/backoff";
import type { BatchItem } from "./batch";
import { maskSecretsIn, postBody, type PostAnswer } from "./post";

/**
 * zlib's level 3: on a batch of 1000 Auth0 events, 0.9 ms of CPU against 2.5 at the default level
 * 6, for ~25 % more bytes; the receiver's gunzip costs the same. Compressing was a sixth of the
 * app's CPU per event delivered, and the destinations bound a body's size before compression.
 */
const GZIP_LEVEL = 3;

// zlib's async gzip runs on libuv's thread pool, off the event loop.
const gzipAsync = promisify(zlib.gzip);
export const gzip = (body: string | Buffer) => gzipAsync(body, { level: GZIP_LEVEL });

/** What delivery needs from its surroundings; tests pass their own clock and sleep. */
export type DeliveryContext = {
  /** Datadog's intake URL template (DATADOG_INTAKE_URL_TEMPLATE); tests point it at a loopback stand-in. */
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

/**
 * Where a stream's batches go: its destination, the config built from its sink, the sink's secrets
 * in clear (masked in every answer kept), and the stream (labels the request metrics).
 */
export type Target = { destination: Destination; config: unknown; secrets: readonly string[]; streamId?: string };

/**
 * A body ready to send (gzip'ed when the destination wants it), with how many items it holds
 * (`delayed` of them without their date, see datadog-window.ts); the items themselves are read only
 * when an outcome needs them (a failure record, a split).
 */
export type Sendable = { count: number; delayed: number; body: Buffer; items: () => Promise<BatchItem[]> };

/** A body of `count` items, compressed here when the target's destination wants it; `items` reads them when an outcome needs them one by one. */
export async function toSendable(
  target: Target,
  count: number,
  body: string | Buffer,
  items: () => Promise<BatchItem[]>,
  delayed = 0,
): Promise<Sendable> {
  const isGzipped = target.destination.request(target.config, { urlTemplate: "" }).gzip;
  return {
    count,
    delayed,
    body: isGzipped ? await gzip(body) : Buffer.isBuffer(body) ? body : Buffer.from(body),
    items,
  };
}

export function sendableOf(items: BatchItem[], target: Target): Promise<Sendable> {
  const body = target.destination.encodeBody(
    items.map((item) => item.json),
    target.config,
  );
  return toSendable(target, items.length, body, async () => items, items.filter((item) => item.isDelayed).length);
}

export type PartResult =
  | { kind: "delivered"; count: number; delayed: number }
  | { kind: "failed"; items: BatchItem[]; attempts: number; status: number | null; detail: string }
  /** `reason`: the destination's words for the refused credentials (the Health banner's). */
  | { kind: "suspended"; items: BatchItem[]; attempts: number; status: number; detail: string; reason: string }
  | { kind: "stopped"; items: BatchItem[] };

/** A part after which nothing more of the stream is sent: the credentials were refused, or the lease or dispatcher stopped. */
export function haltsDelivery(part: PartResult): part is Extract<PartResult, { kind: "suspended" | "stopped" }> {
  return part.kind === "suspended" || part.kind === "stopped";
}

export function itemCount(part: PartResult): number {
  return part.kind === "delivered" ? part.count : part.items.length;
}

const isPastDeadline = (ctx: DeliveryContext, atMs: number) => ctx.deadline !== undefined && atMs > ctx.deadline;

/** The body failed at its `attempts`th attempt; `fallbackDetail` stands in when the answer had none. */
async function failedPart(
  sendable: Sendable,
  attempts: number,
  answer: PostAnswer,
  fallbackDetail = "",
): Promise<PartResult> {
  const detail = answer.detail || fallbackDetail;
  return { kind: "failed", items: await sendable.items(), attempts, status: answer.status, detail };
}

/** Sends one body with up to MAX_ATTEMPTS attempts; "split" when the destination says it is too large. */
async function sendWithRetries(
  sendable: Sendable,
  target: Target,
  ctx: DeliveryContext,
): Promise<PartResult | "split"> {
  const { destination } = target;
  const plan = destination.request(target.config, { urlTemplate: ctx.urlTemplate });
  const mask = (text: string) => maskSecretsIn(text, target.secrets, destination);
  for (let attempt = 1; ; attempt++) {
    const mayStart = (!ctx.shouldContinue || ctx.shouldContinue()) && !isPastDeadline(ctx, ctx.now().getTime());
    if (!mayStart) return { kind: "stopped", items: await sendable.items() };
    const answer = await postBody(
      plan,
      sendable.body,
      ctx.timeoutMs,
      mask,
      destination.label,
      ctx.now(),
      target.streamId,
    );
    const verdict = destination.classify(answer);
    switch (verdict.kind) {
      case "delivered":
        return { kind: "delivered", count: sendable.count, delayed: sendable.delayed };
      case "suspend":
        return {
          kind: "suspended",
          items: await sendable.items(),
          attempts: attempt,
          status: answer.status ?? 0,
          detail: answer.detail,
          reason: destination.refusedReason(answer.status ?? 0),
        };
      case "split":
        if (sendable.count > 1) return "split";
        return failedPart(sendable, attempt, answer, `${destination.label} refused the log as too large (413)`);
      case "fail":
        return failedPart(sendable, attempt, answer);
      case "retry": {
        if (attempt >= MAX_ATTEMPTS) return failedPart(sendable, attempt, answer);
        const delayMs = retryDelayMs(attempt, verdict.retryAfterMs, ctx.random);
        // A wait that would end past the deadline is not begun: the batch is left for the next pass.
        if (isPastDeadline(ctx, ctx.now().getTime() + delayMs))
          return { kind: "stopped", items: await sendable.items() };
        logRetryScheduled(target.streamId, answer.status, attempt, delayMs);
        await ctx.sleep(delayMs);
        break;
      }
      default: {
        const unreachable: never = verdict;
        throw new Error(`unknown verdict ${JSON.stringify(unreachable)}`);
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
  const first = await sendBatch(await sendableOf(items.slice(0, middle), target), target, ctx);
  const last = first.at(-1)!;
  if (haltsDelivery(last)) return first;
  return [...first, ...(await sendBatch(await sendableOf(items.slice(middle), target), target, ctx))];
}

import { db } from "@/lib/db/client";
import type { Region } from "@/lib/streams/regions";
import type { LogStream } from "@/lib/generated/sqlite/client";
import { batchItem, toUnpreparable, type BatchItem } from "./batch";
import { defaultDeliveryContext } from "./context";
import { decryptApiKey } from "./hold";
import { loadHasher, type PiiConfig } from "./pii";
import { countInMinute } from "./record";
import type { StoredEvent } from "./items";
import { itemCount, sendableOf, sendBatch, type DeliveryContext, type Target } from "./send";

export type ReplayResult = { result: "delivered" | "failed"; statusCode: number | null; error: string | null };

/** A replay's items and target, or why they cannot be made: an event that cannot be prepared, an undecryptable key. */
async function replayRequest(stream: LogStream, events: StoredEvent[]): Promise<{ items: BatchItem[]; target: Target } | { problem: string }> {
  const pii = (stream.piiConfig as PiiConfig | null) ?? null;
  const hash = pii?.method === "hash" ? await loadHasher() : (value: string) => value;
  const items: BatchItem[] = [];
  for (const event of events) {
    try {
      items.push(batchItem(event, { pii, hash }));
    } catch (error) {
      return { problem: toUnpreparable(event, error).reason };
    }
  }
  try {
    return { items, target: { apiKey: decryptApiKey(stream), region: stream.region as Region } };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/**
 * Sends exactly a failure's events again, to the stream's current key and region and with its
 * current PII rule (same retries and splitting as live delivery), and records the result on the
 * failure.
 */
export async function replayFailure(failureId: string, ctx: DeliveryContext = defaultDeliveryContext()): Promise<ReplayResult> {
  const failure = await db().deliveryFailure.findUniqueOrThrow({ where: { id: failureId }, include: { stream: true } });
  const seqs = (JSON.parse(failure.eventSeqs) as string[]).map((seq) => BigInt(seq));
  const events = await db().event.findMany({ where: { seq: { in: seqs } }, orderBy: { seq: "asc" } });

  let outcome: ReplayResult;
  const request = events.length === 0 ? null : await replayRequest(failure.stream, events);
  if (!request) {
    outcome = { result: "failed", statusCode: null, error: "These events are past the retention period and can no longer be sent" };
  } else if ("problem" in request) {
    outcome = { result: "failed", statusCode: null, error: request.problem };
  } else {
    const parts = await sendBatch(await sendableOf(request.items), request.target, ctx);
    const problem = parts.find((part) => part.kind === "failed" || part.kind === "suspended");
    const delivered = parts.filter((part) => part.kind === "delivered").reduce((n, part) => n + itemCount(part), 0);
    outcome = problem
      ? { result: "failed", statusCode: problem.status, error: problem.detail || `HTTP ${problem.status}` }
      : { result: "delivered", statusCode: 202, error: events.length < seqs.length ? `${seqs.length - events.length} events were past retention` : null };
    await db().$transaction((tx) => countInMinute(tx, failure.streamId, ctx.now(), delivered, 0));
  }
  await db().deliveryFailure.update({
    where: { id: failureId },
    data: { replayedAt: ctx.now(), replayResult: outcome.result, replayError: outcome.error },
  });
  return outcome;
}

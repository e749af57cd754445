import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Region } from "@/lib/streams/regions";
import { batchItem } from "./batch";
import { defaultDeliveryContext } from "./context";
import { loadHasher, type PiiConfig } from "./pii";
import { countInMinute } from "./record";
import { itemCount, sendableOf, sendBatch, type DeliveryContext } from "./send";

export type ReplayResult = { result: "delivered" | "failed"; statusCode: number | null; error: string | null };

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
  if (events.length === 0) {
    outcome = { result: "failed", statusCode: null, error: "These events are past the retention period and can no longer be sent" };
  } else {
    const pii = (failure.stream.piiConfig as PiiConfig | null) ?? null;
    const hash = pii?.method === "hash" ? await loadHasher() : (value: string) => value;
    const items = events.map((event) => batchItem(event, { pii, hash }));
    const target = { apiKey: decryptSecret(failure.stream.apiKeyEncrypted, failure.streamId), region: failure.stream.region as Region, streamId: failure.streamId };
    const parts = await sendBatch(await sendableOf(items), target, ctx);
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

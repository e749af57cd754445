import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Region } from "@/lib/streams/regions";
import { fillBatch, MAX_BATCH_ITEMS, type Filter } from "./batch";
import { loadHasher, type PiiConfig } from "./pii";
import { recordOutcome } from "./record";
import { sendBatch, type DeliveryContext, type PartResult } from "./send";

export type BatchReport = { status: "idle" | "progressed" | "stopped"; delivered: number; failed: number };

const IDLE: BatchReport = { status: "idle", delivered: 0, failed: 0 };

/** Where the cursor may go after a batch: past everything, or up to the part that stopped it. */
function nextCursor(parts: PartResult[], lastSeq: bigint): bigint {
  const halted = parts.find((part) => part.kind === "suspended" || part.kind === "stopped");
  if (!halted) return lastSeq;
  // Events before the halted part are done (delivered, failed or filtered out); it and all after wait.
  return halted.items[0]!.seq - 1n;
}

/**
 * Delivers the next batch of one stream whose lease `workerId` holds: reads events after the
 * cursor (keyset), filters, applies PII, sends with retries/splitting, records the outcome.
 */
export async function processNextBatch(streamId: string, workerId: string, ctx: DeliveryContext): Promise<BatchReport> {
  const stream = await db().logStream.findFirst({
    where: { id: streamId, leaseOwner: workerId, status: "active" },
    select: { cursor: true, filters: true, piiConfig: true, region: true, apiKeyEncrypted: true },
  });
  if (!stream) return IDLE;
  const events = await db().event.findMany({
    where: { seq: { gt: stream.cursor } },
    orderBy: { seq: "asc" },
    take: MAX_BATCH_ITEMS,
    select: { seq: true, logId: true, type: true, data: true },
  });
  if (events.length === 0) return IDLE;

  const pii = (stream.piiConfig as PiiConfig | null) ?? null;
  const hash = pii?.method === "hash" ? await loadHasher() : (value: string) => value;
  const { batch, lastSeq } = fillBatch(events, stream.filters as Filter[], { pii, hash });
  const parts =
    batch.items.length === 0
      ? []
      : await sendBatch(batch.items, { apiKey: decryptSecret(stream.apiKeyEncrypted), region: stream.region as Region }, ctx);
  const cursor = nextCursor(parts, lastSeq!);
  await recordOutcome(streamId, workerId, { cursor, parts }, ctx.now());

  const count = (kinds: PartResult["kind"][]) => parts.filter((p) => kinds.includes(p.kind)).reduce((n, p) => n + p.items.length, 0);
  const isHalted = parts.some((p) => p.kind === "suspended" || p.kind === "stopped");
  return { status: isHalted ? "stopped" : "progressed", delivered: count(["delivered"]), failed: count(["failed", "suspended"]) };
}

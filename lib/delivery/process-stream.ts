import type { EventStore } from "@/lib/events/event-store";
import { readEventsAfter } from "@/lib/events/store";
import { fillBatch, type Unpreparable } from "./batch";
import { targetOf } from "./hold";
import { concealerOf } from "./pii";
import { recordOutcome, type BatchOutcome } from "./record";
import type { DeliverySettings } from "./delivery-store";
import { deliveryStore } from "./store";
import {
  haltsDelivery,
  itemCount,
  sendableOf,
  sendBatch,
  toSendable,
  type DeliveryContext,
  type PartResult,
  type Sendable,
  type Target,
} from "./send";

/**
 * Events read at least per batch: a destination taking one event per request (a webhook's JSONOBJECT)
 * still moves past filtered-out events in bulk.
 */
const MIN_EVENTS_READ = 100;

/** `deferred`: events left for later because the lease, the dispatcher or the deadline stopped their sending. */
export type BatchReport = { status: "progressed" | "stopped"; delivered: number; failed: number; deferred: number };

/**
 * A batch read, built and compressed ahead of sending, with the stream's settings of that moment;
 * `sendable` is null when every event read was filtered out, or when the batch is one event that
 * cannot be prepared (`unpreparable`, recorded as failed without being sent).
 */
export type PreparedBatch = {
  target: Target;
  sendable: Sendable | null;
  lastSeq: bigint;
  unpreparable?: Unpreparable;
  /** The stream's settings a body joined by the database was built with: the pass's next batch may be read with them (storedBatchAfter). */
  settings?: DeliverySettings;
};

/** A batch and the results of sending it. */
export type SentBatch = { prepared: PreparedBatch; parts: PartResult[] };

/**
 * What batches sent in order come to: the cursor goes past them all, or up to the part that halted
 * one. Events before the halted part are done (delivered, failed or filtered out); it and all after
 * it wait, so the parts of the batches after it are dropped and their events sent again.
 */
function outcomeOf(batches: SentBatch[]): BatchOutcome {
  const parts: PartResult[] = [];
  for (const batch of batches) {
    parts.push(...batch.parts);
    const halted = batch.parts.find(haltsDelivery);
    if (halted) return { cursor: halted.items[0]!.seq - 1n, parts };
  }
  return { cursor: batches.at(-1)!.prepared.lastSeq, parts };
}

/**
 * The destination's fast path, for a stream without filters or PII rule: a body the database joined
 * from the stored items (Destination.readStoredBody). Null when nothing waits, "not as stored" when
 * the events must be encoded one by one.
 */
async function storedBatch(
  target: Target,
  afterSeq: bigint,
  now: Date,
  readJoined?: EventStore["readJoined"],
): Promise<{ lastSeq: bigint; sendable: Sendable } | "not as stored" | null> {
  const stored = await target.destination.readStoredBody!(afterSeq, target.config, now, readJoined);
  if (stored === null || stored === "not as stored") return stored;
  // The same events, read again only when an outcome needs them one by one (a failure, a split).
  const items = async () =>
    fillBatch(await readEventsAfter(afterSeq, stored.count), [], {
      destination: target.destination,
      config: target.config,
      conceal: null,
      now,
    }).batch.items;
  return {
    lastSeq: stored.lastSeq,
    sendable: await toSendable(target, stored.count, stored.body, items, stored.delayed),
  };
}

/** A stream's settings as compared between batches: all but the cursor, which each batch moves. */
const settingsKey = ({ cursor: _cursor, ...settings }: DeliverySettings) => JSON.stringify(settings);

/**
 * The batch after `previous` (one the database joined with the stream's `settings`) where the store
 * reads the stream with the events (DeliveryStore.readLeasedStreamAndJoined): one round trip where
 * two were, and while the stream's settings are still those, `previous`'s target (its key decrypted
 * once). The events are read with those settings' tags: "read again" when the settings changed
 * meanwhile or the events cannot go as joined, and the batch is then read as a pass's first is.
 */
async function storedBatchAfter(
  previous: PreparedBatch,
  settings: DeliverySettings,
  streamId: string,
  workerId: string,
  now: Date,
): Promise<PreparedBatch | null | "read again"> {
  const { readLeasedStreamAndJoined } = deliveryStore();
  const read: { stream: DeliverySettings | null } = { stream: null };
  const stored = await storedBatch(previous.target, previous.lastSeq, now, async (...joinedRead) => {
    const both = await readLeasedStreamAndJoined!(streamId, workerId, ...joinedRead);
    read.stream = both.stream;
    return both.joined;
  });
  if (!read.stream || stored === null) return null;
  if (stored === "not as stored" || settingsKey(read.stream) !== settingsKey(settings)) return "read again";
  return { target: previous.target, settings: read.stream, ...stored };
}

/**
 * Reads the events after the batch `previous` of the same pass (after the stream's cursor for a
 * pass's first) by keyset, filters them,
 * applies PII and encodes the batch for the stream's destination; `now` decides which dates are inside Datadog's window. Null
 * when nothing waits or the stream is no longer ours and active.
 */
export async function prepareBatch(
  streamId: string,
  workerId: string,
  previous?: PreparedBatch,
  now = new Date(),
): Promise<PreparedBatch | null> {
  if (previous?.settings && deliveryStore().readLeasedStreamAndJoined) {
    const next = await storedBatchAfter(previous, previous.settings, streamId, workerId, now);
    if (next !== "read again") return next;
  }
  const stream = await deliveryStore().readLeasedStream(streamId, workerId);
  if (!stream) return null;
  const after = previous?.lastSeq ?? stream.cursor;
  const target = targetOf({ ...stream, id: streamId });
  if (target.destination.readStoredBody && stream.filters.length === 0 && !stream.piiConfig) {
    const stored = await storedBatch(target, after, now);
    if (stored !== "not as stored") return stored && { target, settings: stream, ...stored };
  }
  const { maxItems } = target.destination.limits(target.config);
  const events = await readEventsAfter(after, Math.max(maxItems, MIN_EVENTS_READ));
  if (events.length === 0) return null;
  const conceal = await concealerOf(stream.piiConfig);
  const { batch, lastSeq, unpreparable } = fillBatch(events, stream.filters, {
    destination: target.destination,
    config: target.config,
    conceal,
    now,
  });
  return {
    target,
    sendable: batch.items.length > 0 ? await sendableOf(batch.items, target) : null,
    lastSeq: lastSeq!,
    unpreparable,
  };
}

/** Sends a prepared batch to its destination (retries, splitting); nothing is recorded yet. */
export async function sendPrepared(prepared: PreparedBatch, ctx: DeliveryContext): Promise<PartResult[]> {
  const { unpreparable } = prepared;
  if (unpreparable)
    return [{ kind: "failed", items: [unpreparable.item], attempts: 0, status: null, detail: unpreparable.reason }];
  return prepared.sendable ? sendBatch(prepared.sendable, prepared.target, ctx) : [];
}

/** Records the outcome of batches sent in order, in one write under the stream's lease: cursor, failures, counters, health. */
export async function recordSent(
  streamId: string,
  workerId: string,
  batches: SentBatch[],
  now: Date,
): Promise<BatchReport> {
  const outcome = outcomeOf(batches);
  await recordOutcome(streamId, workerId, outcome, now);
  const count = (kinds: PartResult["kind"][]) =>
    outcome.parts.filter((p) => kinds.includes(p.kind)).reduce((n, p) => n + itemCount(p), 0);
  const isHalted = outcome.parts.some(haltsDelivery);
  return {
    status: isHalted ? "stopped" : "progressed",
    delivered: count(["delivered"]),
    failed: count(["failed", "suspended"]),
    deferred: count(["stopped"]),
  };
}

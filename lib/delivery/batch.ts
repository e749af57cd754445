import type { Conceal, Destination } from "@/lib/destinations/destination";
import type { StoredEvent } from "@/lib/events/event-store";
import { categoryOfEventType } from "@/lib/streams/categories";

/** `isDelayed`: sent without its date, being older than Datadog's window (counted in Health). */
export type BatchItem = { seq: bigint; logId: string; json: string; bytes: number; isDelayed: boolean };
export type Batch = { items: BatchItem[]; bytes: number };

export type Filter = { type: "category"; name: string };

/** A stored event that could not be made into the destination's item (e.g. too deep for the PII rule): recorded as a failure, not sent. */
export type Unpreparable = { item: BatchItem; reason: string };

/** How a stream makes items: its destination and config, its PII rule, and the moment of sending. */
export type ItemOptions = { destination: Destination; config: unknown; conceal: Conceal | null; now: Date };

export function toUnpreparable(event: StoredEvent, error: unknown, destination: Destination): Unpreparable {
  const isTooDeep = error instanceof RangeError && /call stack/i.test(error.message);
  const cause = isTooDeep ? "it is nested too deeply" : error instanceof Error ? error.message : String(error);
  return {
    item: { seq: event.seq, logId: event.logId, json: "", bytes: 0, isDelayed: false },
    reason: `Event ${event.logId} cannot be prepared for ${destination.label}: ${cause}`,
  };
}

export function passesFilters(type: string, filters: Filter[]): boolean {
  return filters.length === 0 || filters.some((filter) => filter.name === categoryOfEventType(type));
}

/** The item a stream sends for a stored event, with what a batch needs to know of it. */
export function batchItem(event: StoredEvent, options: ItemOptions): BatchItem {
  const { json, isDelayed } = options.destination.encodeItem(event, {
    config: options.config,
    conceal: options.conceal,
    now: options.now,
  });
  return { seq: event.seq, logId: event.logId, json, bytes: Buffer.byteLength(json), isDelayed };
}

/**
 * Takes events in seq order and fills one batch within the destination's limits. Returns the batch
 * and the seq up to which events were consumed (filtered-out events included), so the cursor can
 * move past them. An event that cannot be prepared ends the batch before it, or, when first,
 * comes back alone as `unpreparable`.
 */
export function fillBatch(
  events: StoredEvent[],
  filters: Filter[],
  options: ItemOptions,
): { batch: Batch; lastSeq: bigint | null; unpreparable?: Unpreparable } {
  const { destination, config } = options;
  const limits = destination.limits(config);
  const items: BatchItem[] = [];
  let itemBytes = 0;
  let lastSeq: bigint | null = null;
  for (const event of events) {
    if (!passesFilters(event.type, filters)) {
      lastSeq = event.seq;
      continue;
    }
    let item: BatchItem;
    try {
      item = batchItem(event, options);
    } catch (error) {
      if (items.length > 0) break;
      return {
        batch: { items, bytes: destination.bodyBytes(0, 0, config) },
        lastSeq: event.seq,
        unpreparable: toUnpreparable(event, error, destination),
      };
    }
    if (
      items.length === limits.maxItems ||
      (items.length > 0 && destination.bodyBytes(itemBytes + item.bytes, items.length + 1, config) > limits.maxBytes)
    )
      break;
    items.push(item);
    itemBytes += item.bytes;
    lastSeq = event.seq;
  }
  return { batch: { items, bytes: destination.bodyBytes(itemBytes, items.length, config) }, lastSeq };
}

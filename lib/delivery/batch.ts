import { categoryOfEventType } from "@/lib/streams/categories";
import type { StoredEvent } from "@/lib/events/event-store";
import { isDelayedAt, itemForStream, type ItemOptions } from "./items";

/** Datadog's intake limits for one request (before compression). */
export const MAX_BATCH_ITEMS = 1000;
export const MAX_BATCH_BYTES = 5_000_000;

/** `isDelayed`: sent without its date, being older than Datadog's window (counted in Health). */
export type BatchItem = { seq: bigint; logId: string; json: string; bytes: number; isDelayed: boolean };
export type Batch = { items: BatchItem[]; bytes: number };

export type Filter = { type: "category"; name: string };

/** A stored event that could not be made into a Datadog item (e.g. too deep for the PII rule): recorded as a failure, not sent. */
export type Unpreparable = { item: BatchItem; reason: string };

export function toUnpreparable(event: StoredEvent, error: unknown): Unpreparable {
  const isTooDeep = error instanceof RangeError && /call stack/i.test(error.message);
  const cause = isTooDeep ? "it is nested too deeply" : error instanceof Error ? error.message : String(error);
  return { item: { seq: event.seq, logId: event.logId, json: "", bytes: 0, isDelayed: false }, reason: `Event ${event.logId} cannot be prepared for Datadog: ${cause}` };
}

export function passesFilters(type: string, filters: Filter[]): boolean {
  return filters.length === 0 || filters.some((filter) => filter.name === categoryOfEventType(type));
}

/** The request body: a JSON array of the items. */
export function batchBody(items: BatchItem[]): string {
  return `[${items.map((item) => item.json).join(",")}]`;
}

/** Bytes of the JSON array holding `items`: brackets and commas included. */
export function arrayBytes(itemBytes: number, count: number): number {
  return itemBytes + 2 + Math.max(0, count - 1);
}

/** The item a stream sends for a stored event, with what a batch needs to know of it. */
export function batchItem(event: StoredEvent, options: ItemOptions): BatchItem {
  const json = itemForStream(event, options);
  return { seq: event.seq, logId: event.logId, json, bytes: Buffer.byteLength(json), isDelayed: isDelayedAt(event, options.now) };
}

/**
 * Takes events in seq order and fills one batch within Datadog's limits. Returns the batch and
 * the seq up to which events were consumed (filtered-out events included), so the cursor can
 * move past them. An event that cannot be prepared ends the batch before it, or, when first,
 * comes back alone as `unpreparable`.
 */
export function fillBatch(events: StoredEvent[], filters: Filter[], options: ItemOptions): { batch: Batch; lastSeq: bigint | null; unpreparable?: Unpreparable } {
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
      return { batch: { items, bytes: arrayBytes(0, 0) }, lastSeq: event.seq, unpreparable: toUnpreparable(event, error) };
    }
    if (items.length === MAX_BATCH_ITEMS || arrayBytes(itemBytes + item.bytes, items.length + 1) > MAX_BATCH_BYTES) break;
    items.push(item);
    itemBytes += item.bytes;
    lastSeq = event.seq;
  }
  return { batch: { items, bytes: arrayBytes(itemBytes, items.length) }, lastSeq };
}

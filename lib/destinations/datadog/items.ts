import { eventDateMs, fitToWindow, isInDatadogWindow, windowBounds } from "@/lib/events/datadog-window";
import type { StoredEvent } from "@/lib/events/event-store";
import { messageOf, withTags } from "@/lib/events/item-json";
import type { Conceal } from "../destination";

/** Datadog's per-log limit is 1 MB; stay under it with room for Datadog's own additions. */
export const MAX_ITEM_BYTES = 1_000_000 - 1_024;

/** `now` is when the item is sent: it decides whether the item may carry Datadog's reserved date. `conceal`: the stream's PII rule. `ddtags`: the stream's Datadog tags. */
export type ItemOptions = { conceal: Conceal | null; now: Date; ddtags?: string | null };

type EventData = Record<string, unknown>;
type Item = EventData & { data: EventData; message: string };

/**
 * Trims an item over Datadog's 1 MB limit, in two steps: first `data.details` (Auth0's bulkiest
 * part) is dropped; if still too large, `data` keeps only its scalar top-level fields of at most
 * 1 KB each. Either way `data.log_streams_truncated` records the original size in bytes.
 */
export function trimToLimit(item: Item, originalBytes: number): string {
  const withoutDetails = { ...item, data: { ...item.data, details: undefined, log_streams_truncated: { original_bytes: originalBytes } } };
  let json = JSON.stringify(withoutDetails);
  if (Buffer.byteLength(json) <= MAX_ITEM_BYTES) return json;
  // Null prototype: an event's own "__proto__" key is kept as data (see applyPii).
  const scalars: EventData = Object.create(null);
  for (const [key, value] of Object.entries(item.data)) {
    const isSmallScalar = value === null || ["number", "boolean"].includes(typeof value) || (typeof value === "string" && value.length <= 1_024);
    if (isSmallScalar) scalars[key] = value;
  }
  json = JSON.stringify({ ...item, message: item.message.slice(0, 1_024), data: { ...scalars, log_streams_truncated: { original_bytes: originalBytes } } });
  return json;
}

/**
 * The item a stream sends for a stored event: the stored text as it is (with the stream's ddtags),
 * or, with a PII rule, its data concealed and the message worked out again from the concealed data;
 * without the reserved date when that is outside Datadog's window (fitToWindow); trimmed when over
 * Datadog's 1 MB limit.
 */
export function itemForStream(event: StoredEvent, options: ItemOptions): string {
  let json = options.ddtags ? withTags(event.item, options.ddtags) : event.item;
  const isKnownInWindow = event.dateMs != null && isInDatadogWindow(Number(event.dateMs), options.now);
  if (options.conceal || !isKnownInWindow) {
    let item = JSON.parse(json) as Item;
    if (options.conceal) {
      item.data = options.conceal(item.data);
      item.message = messageOf(item.data, event.type);
    }
    item = fitToWindow(item, options.now).item;
    json = JSON.stringify(item);
  }
  const bytes = Buffer.byteLength(json);
  if (bytes <= MAX_ITEM_BYTES) return json;
  const trimmed = trimToLimit(JSON.parse(json) as Item, bytes);
  if (Buffer.byteLength(trimmed) > MAX_ITEM_BYTES) throw new Error("it is over Datadog's 1 MB limit even when trimmed");
  return trimmed;
}

/** Whether the event goes out older than Datadog's window, so without its date and marked delayed. */
export function isDelayedAt(event: StoredEvent, now: Date): boolean {
  const dateMs = event.dateMs != null ? Number(event.dateMs) : eventDateMs((JSON.parse(event.item) as Item).date);
  return dateMs !== null && dateMs < windowBounds(now).oldestMs;
}

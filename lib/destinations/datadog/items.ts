import { eventDateMs, fitToWindow, isInDatadogWindow, windowBounds } from "@/lib/events/datadog-window";
import type { StoredEvent } from "@/lib/events/event-store";
import { DATE_FIRST, messageOf, windowedItem, withTags } from "@/lib/events/item-json";
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
  const withoutDetails = {
    ...item,
    data: { ...item.data, details: undefined, log_streams_truncated: { original_bytes: originalBytes } },
  };
  let json = JSON.stringify(withoutDetails);
  if (Buffer.byteLength(json) <= MAX_ITEM_BYTES) return json;
  // Null prototype: an event's own "__proto__" key is kept as data (see applyPii).
  const scalars: EventData = Object.create(null);
  for (const [key, value] of Object.entries(item.data)) {
    const isSmallScalar =
      value === null ||
      ["number", "boolean"].includes(typeof value) ||
      (typeof value === "string" && value.length <= 1_024);
    if (isSmallScalar) scalars[key] = value;
  }
  json = JSON.stringify({
    ...item,
    message: item.message.slice(0, 1_024),
    data: { ...scalars, log_streams_truncated: { original_bytes: originalBytes } },
  });
  return json;
}

/**
 * The stored item as sent at `now`, the same text as the database's joined read (windowedItemSql):
 * as stored inside Datadog's window, else cut by windowedItem, or through JSON (fitToWindow) for an
 * item stored before its date came first.
 */
function storedItemAt(event: StoredEvent, now: Date): string {
  const dateMs = event.dateMs == null ? null : Number(event.dateMs);
  if (dateMs !== null && isInDatadogWindow(dateMs, now)) return event.item;
  if (!event.item.startsWith(DATE_FIRST)) return JSON.stringify(fitToWindow(JSON.parse(event.item) as Item, now).item);
  // Without dateMs a leading date is one that does not parse: fitToWindow would keep it too.
  return dateMs === null ? event.item : windowedItem(event.item, dateMs < now.getTime() ? "delayed" : "ahead");
}

/**
 * The item a stream sends for a stored event: the stored text fitted to Datadog's window
 * (storedItemAt), or, with a PII rule, its data concealed and the message worked out again from
 * the concealed data; with the stream's ddtags; trimmed when over Datadog's 1 MB limit.
 */
export function itemForStream(event: StoredEvent, options: ItemOptions): string {
  let json: string;
  if (options.conceal) {
    const item = JSON.parse(event.item) as Item;
    item.data = options.conceal(item.data) as EventData;
    item.message = messageOf(item.data, event.type);
    json = JSON.stringify(fitToWindow(item, options.now).item);
  } else {
    json = storedItemAt(event, options.now);
  }
  if (options.ddtags) json = withTags(json, options.ddtags);
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

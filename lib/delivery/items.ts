import { applyPii, type PiiConfig } from "./pii";

/** Datadog's per-log limit is 1 MB; stay under it with room for Datadog's own additions. */
export const MAX_ITEM_BYTES = 1_000_000 - 1_024;

export type StoredEvent = { seq: bigint; logId: string; type: string; data: string };
export type ItemOptions = { pii: PiiConfig | null; hash: (value: string) => string };

type EventData = Record<string, unknown>;

/** A short human line for Datadog's Log Explorer: the event's description, else its type and user. */
export function messageOf(data: EventData, type: string): string {
  if (typeof data.description === "string" && data.description.trim() !== "") return data.description;
  const user = [data.user_name, data.user_id].find((v) => typeof v === "string" && v !== "");
  return [type || "auth0 event", user].filter(Boolean).join(" ");
}

/**
 * Trims an event over Datadog's 1 MB limit, in two steps: first `data.details` (Auth0's bulkiest
 * part) is dropped; if still too large, `data` keeps only its scalar top-level fields of at most
 * 1 KB each. Either way `data.log_streams_truncated` records the original size in bytes.
 */
export function trimToLimit(item: EventData & { data: EventData; message: string }, originalBytes: number): string {
  const withoutDetails = { ...item, data: { ...item.data, details: undefined, log_streams_truncated: { original_bytes: originalBytes } } };
  let json = JSON.stringify(withoutDetails);
  if (Buffer.byteLength(json) <= MAX_ITEM_BYTES) return json;
  const scalars: EventData = {};
  for (const [key, value] of Object.entries(item.data)) {
    const isSmallScalar = value === null || ["number", "boolean"].includes(typeof value) || (typeof value === "string" && value.length <= 1_024);
    if (isSmallScalar) scalars[key] = value;
  }
  json = JSON.stringify({ ...item, message: item.message.slice(0, 1_024), data: { ...scalars, log_streams_truncated: { original_bytes: originalBytes } } });
  return json;
}

/** The JSON text of one Datadog log item for a stored event. */
export function buildItem(event: StoredEvent, options: ItemOptions): string {
  const raw = JSON.parse(event.data) as EventData;
  const data = (options.pii ? applyPii(raw, options.pii, options.hash) : raw) as EventData;
  const reserved: EventData = { ddsource: "auth0", service: "auth0", message: messageOf(data, event.type) };
  if (typeof raw.date === "string") reserved.date = raw.date;
  if (typeof raw.hostname === "string") reserved.hostname = raw.hostname;
  // Without PII rules the stored JSON text is the data as received: splice it in rather than re-serialising it.
  const dataJson = options.pii ? JSON.stringify(data) : event.data;
  const json = `{"log_id":${JSON.stringify(event.logId)},"data":${dataJson},${JSON.stringify(reserved).slice(1)}`;
  const bytes = Buffer.byteLength(json);
  return bytes <= MAX_ITEM_BYTES ? json : trimToLimit({ log_id: event.logId, data, ...reserved, message: String(reserved.message) }, bytes);
}

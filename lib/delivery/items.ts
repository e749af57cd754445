import { applyPii, type PiiConfig } from "./pii";

/** Datadog's per-log limit is 1 MB; stay under it with room for Datadog's own additions. */
export const MAX_ITEM_BYTES = 1_000_000 - 1_024;

export type StoredEvent = { seq: bigint; logId: string; type: string; data: string; message: string; date: string | null; hostname: string | null };
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

/**
 * The JSON text of one Datadog log item for a stored event. Without PII rules the stored data
 * text and the message worked out at ingestion are spliced in, with no parsing; with them the
 * data is parsed, concealed, and the message worked out again from the concealed data.
 */
export function buildItem(event: StoredEvent, options: ItemOptions): string {
  const data = options.pii ? (applyPii(JSON.parse(event.data), options.pii, options.hash) as EventData) : undefined;
  const reserved: EventData = { ddsource: "auth0", service: "auth0", message: data ? messageOf(data, event.type) : event.message };
  if (event.date !== null) reserved.date = event.date;
  if (event.hostname !== null) reserved.hostname = event.hostname;
  const json = `{"log_id":${JSON.stringify(event.logId)},"data":${data ? JSON.stringify(data) : event.data},${JSON.stringify(reserved).slice(1)}`;
  const bytes = Buffer.byteLength(json);
  if (bytes <= MAX_ITEM_BYTES) return json;
  return trimToLimit({ log_id: event.logId, data: data ?? (JSON.parse(event.data) as EventData), ...reserved, message: String(reserved.message) }, bytes);
}

import type { StoredEvent } from "@/lib/events/event-store";
import type { Conceal } from "./destination";

/** What follows `data` in a stored item (lib/events/item-json.ts): the item up to it is `{log_id, data`. */
const AFTER_DATA = ',"ddsource":"auth0","service":"auth0","message":';

/**
 * The event as Auth0 sends it, `{log_id, data}`, cut from the stored item's text without parsing
 * it: after `data` come only strings (message, date, hostname, tags), whose quotes are escaped,
 * so the last AFTER_DATA is the item's own.
 */
function eventJson(item: string): string {
  const end = item.lastIndexOf(AFTER_DATA);
  if (end > 0) return `${item.slice(0, end)}}`;
  const { log_id, data } = JSON.parse(item) as { log_id: string; data: unknown };
  return JSON.stringify({ log_id, data });
}

/** The JSON text of `{log_id, data}` as Auth0 sends it to a webhook, Splunk or Sumo Logic, the stream's PII rule applied to `data`. */
export function auth0EventJson(event: StoredEvent, conceal: Conceal | null): string {
  if (!conceal) return eventJson(event.item);
  const { log_id, data } = JSON.parse(event.item) as { log_id: string; data: Record<string, unknown> };
  return JSON.stringify({ log_id, data: conceal(data) });
}

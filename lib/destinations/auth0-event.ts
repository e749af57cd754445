import type { StoredEvent } from "@/lib/events/event-store";
import { AFTER_DATA, AFTER_DATE, auth0EventJson, DATE_FIRST } from "@/lib/events/item-json";
import type { Conceal } from "./destination";

/** The JSON text of `{log_id, data}` as Auth0 sends it to a webhook, Splunk or Sumo Logic, the stream's PII rule applied to `data`. */
export function sentEventJson(event: StoredEvent, conceal: Conceal | null): string {
  if (!conceal) return auth0EventJson(event.item);
  const { log_id, data } = JSON.parse(event.item) as { log_id: string; data: Record<string, unknown> };
  return JSON.stringify({ log_id, data: conceal(data) });
}

/** The stored item's `date` and `hostname` (the event's own, copied there at ingestion), when it has them. */
export type ItemTail = { date?: string; hostname?: string };

/**
 * The item's `date` and `hostname`, read from the few strings outside `data` rather than the whole
 * item: the date first (or, stored before 2026-12-03, after the message), the hostname last.
 */
export function itemTailOf(item: string): ItemTail {
  const end = item.lastIndexOf(AFTER_DATA);
  const tail = (end > 0 ? JSON.parse(`{${item.slice(end + 1)}`) : JSON.parse(item)) as Record<string, unknown>;
  const date = item.startsWith(DATE_FIRST)
    ? (JSON.parse(item.slice(DATE_FIRST.length, item.indexOf(AFTER_DATE) + 1)) as unknown)
    : tail.date;
  return {
    date: typeof date === "string" ? date : undefined,
    hostname: typeof tail.hostname === "string" ? tail.hostname : undefined,
  };
}

import type { Conceal } from "./destination";

/** What follows `data` in a stored item (lib/events/item-json.ts): the item up to it is `{log_id, data`. */
const AFTER_DATA = ',"ddsource":"auth0","service":"auth0","message":';

/** The stored item's `date` and `hostname` (the event's own, copied there at ingestion), when it has them. */
export type ItemTail = { date?: string; hostname?: string };

/**
 * The event as Auth0 sends it, `{log_id, data}`, cut from the stored item's text without parsing
 * it: after `data` come only strings (message, date, hostname, tags), whose quotes are escaped,
 * so the last AFTER_DATA is the item's own.
 */
export function eventJsonOf(item: string): string {
  const end = item.lastIndexOf(AFTER_DATA);
  if (end > 0) return `${item.slice(0, end)}}`;
  const { log_id, data } = JSON.parse(item) as { log_id: string; data: unknown };
  return JSON.stringify({ log_id, data });
}

/** The item's `date` and `hostname`, read from the few strings after `data` rather than the whole item. */
export function itemTailOf(item: string): ItemTail {
  const end = item.lastIndexOf(AFTER_DATA);
  const tail = (end > 0 ? JSON.parse(`{${item.slice(end + 1)}`) : JSON.parse(item)) as Record<string, unknown>;
  return { date: typeof tail.date === "string" ? tail.date : undefined, hostname: typeof tail.hostname === "string" ? tail.hostname : undefined };
}

/** The event as Auth0 sends it with the stream's PII rule applied to its `data`. */
export function concealedEventJsonOf(item: string, conceal: Conceal): string {
  const { log_id, data } = JSON.parse(item) as { log_id: string; data: Record<string, unknown> };
  return JSON.stringify({ log_id, data: conceal(data) });
}

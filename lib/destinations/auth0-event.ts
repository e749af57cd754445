import { AFTER_DATA, AFTER_DATE, DATE_FIRST } from "@/lib/events/item-json";
import type { Conceal } from "./destination";

/** The stored item's `date` and `hostname` (the event's own, copied there at ingestion), when it has them. */
export type ItemTail = { date?: string; hostname?: string };

/**
 * The item's `date` and `hostname`, read from the few strings outside `data` rather than the whole
 * item: the date first (or, stored before 2026-12-03, after the message), the hostname last.
 */
export function itemTailOf(item: string): ItemTail {
  const end = item.lastIndexOf(AFTER_DATA);
  const tail = (end > 0 ? JSON.parse(`{${item.slice(end + 1)}`) : JSON.parse(item)) as Record<string, unknown>;
  const date = item.startsWith(DATE_FIRST) ? (JSON.parse(item.slice(DATE_FIRST.length, item.indexOf(AFTER_DATE) + 1)) as unknown) : tail.date;
  return { date: typeof date === "string" ? date : undefined, hostname: typeof tail.hostname === "string" ? tail.hostname : undefined };
}

/** The event as Auth0 sends it with the stream's PII rule applied to its `data`. */
export function concealedEventJsonOf(item: string, conceal: Conceal): string {
  const { log_id, data } = JSON.parse(item) as { log_id: string; data: Record<string, unknown> };
  return JSON.stringify({ log_id, data: conceal(data) });
}

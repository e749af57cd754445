type EventData = Record<string, unknown>;

/** A short human line for Datadog's Log Explorer: the event's description, else its type and user. */
export function messageOf(data: EventData, type: string): string {
  if (typeof data.description === "string" && data.description.trim() !== "") return data.description;
  const user = [data.user_name, data.user_id].find((v) => typeof v === "string" && v !== "");
  return [type || "auth0 event", user].filter(Boolean).join(" ");
}

/** How a stored item with Datadog's reserved `date` begins: the date comes first (itemJson). */
export const DATE_FIRST = '{"date":';
/**
 * What follows the reserved date's JSON string in a stored item. Inside a JSON string every `"` is
 * escaped, so this text cannot occur there: its first occurrence ends the date.
 */
export const AFTER_DATE = '","log_id":';

/**
 * An Auth0 event's Datadog log item in the parts it is stored from, joined by the database: the
 * text before `data`, data's JSON text as UTF-8 bytes (a request body's own, where it came in one:
 * never decoded to a string, parsed or serialised again), and the text after it. The item holds
 * Datadog's reserved `date` first where the event has one, then `log_id`, `data`, `ddsource` and
 * `service` "auth0", a `message`, and `hostname` where the event has one. Built once, at ingestion,
 * and stored, so delivery without PII rules only joins stored texts.
 *
 * The stored form, which the delivery of both databases relies on (keep them in step):
 * - `{"date":<date>,"log_id":…}`: the date first, so an item outside Datadog's window is made by
 *   cutting text at known places (windowedItem here, windowedItemSql in SQL), never by parsing it.
 * - `{"log_id":…}`: an event without a string `date`, or an item stored before 2026-12-03 (its
 *   `date`, if any, after `message`): such an item out of the window goes through JSON (fitToWindow).
 */
export type ItemParts = { head: string; data: Uint8Array; tail: string };

export function itemParts(
  logId: string,
  data: EventData,
  dataJson: Uint8Array = Buffer.from(JSON.stringify(data)),
): ItemParts {
  const message = JSON.stringify(messageOf(data, typeof data.type === "string" ? data.type : ""));
  const logIdJson = JSON.stringify(logId);
  return {
    head:
      typeof data.date === "string"
        ? `{"date":${JSON.stringify(data.date)},"log_id":${logIdJson},"data":`
        : `{"log_id":${logIdJson},"data":`,
    data: dataJson,
    tail:
      typeof data.hostname === "string"
        ? `${AFTER_DATA}${message},"hostname":${JSON.stringify(data.hostname)}}`
        : `${AFTER_DATA}${message}}`,
  };
}

/** An item's JSON text, its parts joined. */
export const itemText = ({ head, data, tail }: ItemParts) =>
  head + Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString() + tail;

/** The JSON text of an Auth0 event's Datadog log item (itemParts). */
export const itemJson = (logId: string, data: EventData) => itemText(itemParts(logId, data));

/** What follows `data` in a stored item: after it come only strings, whose quotes are escaped, so its last occurrence is the item's own. */
export const AFTER_DATA = ',"ddsource":"auth0","service":"auth0","message":';

/**
 * The Auth0 event of a stored item, `{log_id, data}` as Auth0 sends it, cut from the item's text
 * without parsing it (the stored form above); through JSON for an item of another shape.
 */
export function auth0EventJson(item: string): string {
  const start = item.startsWith(DATE_FIRST) ? item.indexOf(AFTER_DATE) + 2 : 1;
  const end = item.lastIndexOf(AFTER_DATA);
  if (end > start) return `{${item.slice(start, end)}}`;
  const { log_id, data } = JSON.parse(item) as { log_id: string; data: unknown };
  return JSON.stringify({ log_id, data });
}

/** Which side of Datadog's window an item's date lies on. */
export type OutOfWindow = "delayed" | "ahead";

/**
 * A stored item with its date first (DATE_FIRST) as sent outside Datadog's window: the date taken
 * out, and `"log_streams":{"delayed":true,"original_date":<date>}` (or `ahead`) added as its last
 * property. The date's text is copied, not parsed: `original_date` is `data.date` as received.
 */
export function windowedItem(item: string, side: OutOfWindow): string {
  const dateEnd = item.indexOf(AFTER_DATE);
  const date = item.slice(DATE_FIRST.length, dateEnd + 1);
  return `{${item.slice(dateEnd + 2, -1)},"log_streams":{"${side}":true,"original_date":${date}}}`;
}

/**
 * windowedItem in SQL, the same text, for an item column `item`, its `dateMs` and the window's
 * bounds (placeholders or literals); the item as stored inside the window or when its date does
 * not parse (fitToWindow keeps it too); NULL where only fitToWindow can decide (an item without a
 * leading date, out of the window or of unknown date), in `database`'s dialect.
 * PostgreSQL's cuts count characters. SQLite's count bytes, on the item as a BLOB: its substr, instr
 * and length on TEXT walk the characters from the start each time (~0.7 ms more per 1000 events,
 * measured); the cuts fall beside ASCII characters, so the bytes joined are the same text.
 */
export function windowedItemSql({
  item,
  dateMs,
  oldestMs,
  newestMs,
  database,
}: {
  item: string;
  dateMs: string;
  oldestMs: string;
  newestMs: string;
  database: "sqlite" | "postgres";
}): string {
  // SQLite's instr counts bytes only when both of its arguments are BLOBs.
  const { cut, dateEnd, itemLength } =
    database === "sqlite"
      ? {
          cut: `CAST(${item} AS BLOB)`,
          dateEnd: `instr(CAST(${item} AS BLOB), CAST('${AFTER_DATE}' AS BLOB))`,
          itemLength: `octet_length(${item})`,
        }
      : { cut: item, dateEnd: `strpos(${item}, '${AFTER_DATE}')`, itemLength: `length(${item})` };
  return `CASE
    WHEN ${dateMs} BETWEEN ${oldestMs} AND ${newestMs} THEN ${item}
    WHEN substr(${item}, 1, ${DATE_FIRST.length}) <> '${DATE_FIRST}' THEN NULL
    WHEN ${dateMs} IS NULL THEN ${item}
    ELSE '{' || substr(${cut}, ${dateEnd} + 2, ${itemLength} - ${dateEnd} - 2)
      || ',"log_streams":{"' || CASE WHEN ${dateMs} < ${oldestMs} THEN 'delayed' ELSE 'ahead' END || '":true,"original_date":'
      || substr(${cut}, ${DATE_FIRST.length + 1}, ${dateEnd} - ${DATE_FIRST.length}) || '}}'
  END`;
}

/** What replaces an item's closing brace to add a stream's `ddtags` as its last property. */
export function tagsEnding(ddtags: string): string {
  return `,"ddtags":${JSON.stringify(ddtags)}}`;
}

/** A stored item text (a JSON object) with a stream's `ddtags` added. */
export function withTags(json: string, ddtags: string): string {
  return json.slice(0, -1) + tagsEnding(ddtags);
}

import { isAscii } from "node:buffer";
import { AppError } from "@/lib/errors/app-error";
import { eventDateMs } from "@/lib/events/datadog-window";
import type { IncomingEvent } from "@/lib/events/event-store";
import { itemJson } from "@/lib/events/item-json";

const invalid = (message: string) => new AppError("invalid_body", message);

/**
 * How deep an event may nest objects and arrays, the event object itself being level 1. Auth0's
 * events reach 8; far deeper ones would break delivery's recursive steps (PII rule, trimming).
 */
export const MAX_EVENT_DEPTH = 64;

const tooDeep = (where: string) =>
  invalid(`${where}: the event nests objects and arrays more than ${MAX_EVENT_DEPTH} levels deep (the limit)`);

function toEvent(value: unknown, where: string, dataText?: string): IncomingEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid(`${where}: an event must be a JSON object with log_id and data`);
  const { log_id: logId, data } = value as { log_id?: unknown; data?: unknown };
  if (typeof logId !== "string" || logId.length === 0) throw invalid(`${where}: log_id must be a non-empty string`);
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw invalid(`${where}: data must be an object`);
  const fields = data as Record<string, unknown>;
  return {
    logId,
    type: typeof fields.type === "string" ? fields.type : "",
    item: itemJson(logId, fields, dataText),
    dateMs: eventDateMs(fields.date),
  };
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
const COMMA = 44;

function isEscaped(text: string, quoteAt: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quoteAt - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * The keys of `data` the app reads besides passing `data` on: the stored type and date, and the
 * item's message, date and hostname (itemJson). Checked for repeats as the event's own keys are;
 * checking every key of `data` too would slow a 5,000-event body's parse by half.
 */
const READ_DATA_KEYS = ["type", "date", "description", "hostname", "user_name", "user_id"];
/** The keys an event usually has, each checked for repeats by a bit rather than in a Set. */
const EVENT_KEYS = ["log_id", "data"];
const DATA = EVENT_KEYS.indexOf("data");

/** The key between two quotes as JSON.parse reads it: "d\u0061ta" is "data". */
function keyAt(json: string, quoteAt: number, endQuoteAt: number): string {
  const key = json.slice(quoteAt + 1, endQuoteAt);
  return key.includes("\\") ? (JSON.parse(json.slice(quoteAt, endQuoteAt + 1)) as string) : key;
}

function hasBackslash(json: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (json.charCodeAt(i) === BACKSLASH) return true;
  return false;
}

/**
 * Which of `keys` (short, plain words) the key between two quotes is, as JSON.parse reads it, or
 * -1. A plain spelling is compared in place, without cutting the key out of the body; only a key
 * with escapes, at most 6 times longer than the longest ("\u0064" for "d"), is read as JSON.
 */
function indexOfKeyAt(json: string, quoteAt: number, endQuoteAt: number, keys: readonly string[]): number {
  const length = endQuoteAt - quoteAt - 1;
  let longest = 0;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.length === length && json.startsWith(key, quoteAt + 1)) return k;
    longest = Math.max(longest, key.length);
  }
  if (length > longest * 6 || !hasBackslash(json, quoteAt + 1, endQuoteAt)) return -1;
  return keys.indexOf(keyAt(json, quoteAt, endQuoteAt));
}

/**
 * Walks `json`, a text JSON.parse accepted, once, and returns the text of each event's `data`
 * object by event, so an array's item takes `data` as it came instead of serialising the parsed
 * object again (measured: a 5,000-event body parses in ~9 ms instead of ~14). `eventDepth` is 1
 * for one event, 2 for an array's elements, counted from the array's top-level commas.
 *
 * Throws a 400 naming the event (`where`) when the event repeats a key, or `data` one of
 * READ_DATA_KEYS, however spelt ("d\u0061ta" is "data"): JSON.parse keeps the last value, and the
 * data sent on must say what the stored type and date say. Throws a 400 too for an event nested
 * deeper than MAX_EVENT_DEPTH. Only the keys of the event and of its data's top level are read:
 * strings deeper down are skipped, and the usual keys are compared in place (indexOfKeyAt) and
 * remembered as bits: the walk costs ~35 % less than when every key was cut out and kept in a Set.
 */
function scanEvents(json: string, eventDepth: number, where: (event: number) => string): (string | undefined)[] {
  const dataTexts: (string | undefined)[] = [];
  const otherEventKeys = new Set<string>();
  let eventKeysSeen = 0; // bits of EVENT_KEYS
  let dataKeysSeen = 0; // bits of READ_DATA_KEYS
  let event = 0;
  let depth = 0;
  let dataStart = -1;
  const repeated = (key: string) =>
    invalid(`${where(event)}: the key ${JSON.stringify(key.slice(0, 100))} appears twice in one object`);
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      const quoteAt = i;
      do i = json.indexOf('"', i + 1);
      while (i !== -1 && json.charCodeAt(i - 1) === BACKSLASH && isEscaped(json, i));
      if (i === -1) break;
      const keyDepth = depth - eventDepth;
      if (keyDepth !== 0 && (keyDepth !== 1 || dataStart === -1)) continue;
      let colonAt = i + 1;
      while (json.charCodeAt(colonAt) <= 32) colonAt++;
      if (json.charCodeAt(colonAt) !== COLON) continue; // a value, not a key
      if (keyDepth === 1) {
        const k = indexOfKeyAt(json, quoteAt, i, READ_DATA_KEYS);
        if (k !== -1 && dataKeysSeen & (1 << k)) throw repeated(READ_DATA_KEYS[k]!);
        if (k !== -1) dataKeysSeen |= 1 << k;
      } else {
        const k = indexOfKeyAt(json, quoteAt, i, EVENT_KEYS);
        if (k === -1) {
          const key = keyAt(json, quoteAt, i);
          if (otherEventKeys.has(key)) throw repeated(key);
          otherEventKeys.add(key);
        } else if (eventKeysSeen & (1 << k)) throw repeated(EVENT_KEYS[k]!);
        else eventKeysSeen |= 1 << k;
        if (k === DATA) {
          let start = colonAt + 1;
          while (json.charCodeAt(start) <= 32) start++;
          if (json.charCodeAt(start) === OPEN_BRACE) dataStart = start;
        }
      }
      i = colonAt;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_EVENT_DEPTH + eventDepth - 1) throw tooDeep(where(event));
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === eventDepth) {
        eventKeysSeen = 0;
        if (otherEventKeys.size > 0) otherEventKeys.clear();
      }
      depth--;
      if (depth === eventDepth && dataStart !== -1) {
        dataTexts[event] = json.slice(dataStart, i + 1);
        dataStart = -1;
        dataKeysSeen = 0;
      }
    } else if (c === COMMA && depth === eventDepth - 1) event++;
  }
  return dataTexts;
}

/**
 * A request body's text. An all-ASCII body, the usual one, is read as Latin-1: the same text,
 * ~1 ms sooner per 3 MB.
 */
export function bodyText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString(isAscii(buffer) ? "latin1" : "utf8");
}

/**
 * Reads what an Auth0 Custom Webhook stream sends: a JSON array, JSON Lines, or one JSON object
 * (which may span lines). Throws a 400 AppError naming the index (array, from 0) or the line
 * (JSON Lines, from 1) at fault.
 */
export function parseIngestBody(text: string): IncomingEvent[] {
  const body = text.trim();
  if (body.length === 0)
    throw invalid("The request body is empty: send a JSON array, JSON Lines or one JSON object of {log_id, data}");

  let whole: unknown;
  let isWholeJson = true;
  try {
    whole = JSON.parse(body);
  } catch {
    isWholeJson = false;
  }

  if (isWholeJson) {
    if (Array.isArray(whole)) {
      if (whole.length === 0) throw invalid("The array is empty: send at least one event");
      const dataTexts = scanEvents(body, 2, (index) => `index ${index}`);
      return whole.map((item, index) => toEvent(item, `index ${index}`, dataTexts[index]));
    }
    scanEvents(body, 1, () => "the event");
    return [toEvent(whole, "the event")];
  }
  if (body.startsWith("[")) throw invalid("The body is not valid JSON: the array does not parse");

  const events: IncomingEvent[] = [];
  const lines = body.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim().length === 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw invalid(`line ${index + 1}: not valid JSON`);
    }
    scanEvents(line, 1, () => `line ${index + 1}`);
    events.push(toEvent(parsed, `line ${index + 1}`));
  }
  return events;
}

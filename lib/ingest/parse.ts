import { isUtf8 } from "node:buffer";
import { AppError } from "@/lib/errors/app-error";
import { eventDateMs } from "@/lib/events/datadog-window";
import type { EventList, IncomingEvent } from "@/lib/events/event-store";
import { itemParts } from "@/lib/events/item-json";

const invalid = (message: string) => new AppError("invalid_body", message);

/**
 * How deep an event may nest objects and arrays, the event object itself being level 1. Auth0's
 * events reach 8; far deeper ones would break delivery's recursive steps (PII rule, trimming).
 */
export const MAX_EVENT_DEPTH = 64;

const tooDeep = (where: string) =>
  invalid(`${where}: the event nests objects and arrays more than ${MAX_EVENT_DEPTH} levels deep (the limit)`);

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const LOWER_U = 117;

/** The characters JSON allows after a backslash: `"\/bfnrtu`. */
const ESCAPED = new Uint8Array(256);
for (const c of '"\\/bfnrtu') ESCAPED[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;
const LITERALS = new Map(["true", "false", "null"].map((word) => [word.charCodeAt(0), Buffer.from(word)]));

/** Thrown where a text is not JSON: the caller words the 400 (an array's, a line's). */
class NotJson extends Error {}
const notJson = () => new NotJson();

const isDigit = (c: number | undefined) => c !== undefined && c >= ZERO && c <= NINE;

function skipWhitespace(b: Buffer, i: number, to: number): number {
  while (i < to) {
    const c = b[i]!;
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return i;
    i++;
  }
  return i;
}

/** The index after the JSON string whose opening quote is at `i`. */
function stringEnd(b: Buffer, i: number, to: number): number {
  for (let j = i + 1; j < to; j++) {
    const c = b[j]!;
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      const escaped = b[++j]!;
      if (j >= to || ESCAPED[escaped] !== 1) throw notJson();
      if (escaped !== LOWER_U) continue;
      if (j + 4 >= to || !HEX[b[j + 1]!] || !HEX[b[j + 2]!] || !HEX[b[j + 3]!] || !HEX[b[j + 4]!]) throw notJson();
      j += 4;
    } else if (c < SPACE) throw notJson();
  }
  throw notJson();
}

function digitsEnd(b: Buffer, i: number, to: number): number {
  if (i >= to || !isDigit(b[i])) throw notJson();
  while (i < to && isDigit(b[i])) i++;
  return i;
}

/** The index after the JSON number or literal that starts at `i`. */
function scalarEnd(b: Buffer, i: number, to: number): number {
  const literal = LITERALS.get(b[i]!);
  if (literal) {
    if (i + literal.length > to || b.compare(literal, 0, literal.length, i, i + literal.length) !== 0) throw notJson();
    return i + literal.length;
  }
  if (b[i] === MINUS) i++;
  if (b[i] === ZERO && i < to) i++;
  else i = digitsEnd(b, i, to);
  if (i < to && b[i] === DOT) i = digitsEnd(b, i + 1, to);
  if (i < to && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < to && (b[i] === PLUS || b[i] === MINUS)) i++;
    i = digitsEnd(b, i, to);
  }
  return i;
}

/**
 * JSON text on one line: a line break between its tokens (a pretty-printed body's) made a space, so
 * that a destination taking one event per line (Sumo Logic, JSON Lines) gets it whole. Inside a
 * JSON string a line break is always escaped, so only white space changes.
 */
function onOneLine(json: Buffer): Buffer {
  if (json.indexOf(LF) === -1 && json.indexOf(CR) === -1) return json;
  const copy = Buffer.from(json);
  for (let i = 0; i < copy.length; i++) if (copy[i] === LF || copy[i] === CR) copy[i] = SPACE;
  return copy;
}

function hasBackslash(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] === BACKSLASH) return true;
  return false;
}

/** The text of the JSON string between `start` (its opening quote) and `end` (after its closing one), as JSON.parse reads it. */
function stringText(b: Buffer, start: number, end: number): string {
  return hasBackslash(b, start + 1, end - 1)
    ? (JSON.parse(b.toString("utf8", start, end)) as string)
    : b.toString("utf8", start + 1, end - 1);
}

/**
 * The keys of `data` the app reads besides passing `data` on: the stored type and date, and the
 * item's message, date and hostname (itemParts). Checked for repeats as the event's own keys are;
 * other keys of data are passed on as sent.
 */
const READ_DATA_KEYS = ["type", "date", "description", "hostname", "user_name", "user_id"] as const;
const READ_DATA_KEY_BYTES = READ_DATA_KEYS.map((key) => Buffer.from(key));
const EVENT_KEYS = ["log_id", "data"] as const;
const EVENT_KEY_BYTES = EVENT_KEYS.map((key) => Buffer.from(key));
const LONGEST_READ_KEY = Math.max(...[...READ_DATA_KEYS, ...EVENT_KEYS].map((key) => key.length));

/**
 * Which of `keys` the JSON string between `start` and `end` is, as JSON.parse reads it, or -1. A
 * plain spelling is compared in place; only a key with escapes, at most 6 bytes per character
 * ("\u0064" for "d"), is decoded.
 */
function keyIndex(b: Buffer, start: number, end: number, keys: readonly Buffer[]): number {
  const length = end - start - 2;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.length !== length) continue;
    let same = 0;
    while (same < length && b[start + 1 + same] === key[same]) same++;
    if (same === length) return k;
  }
  if (length > LONGEST_READ_KEY * 6 || !hasBackslash(b, start + 1, end - 1)) return -1;
  const text = stringText(b, start, end);
  return keys.findIndex((key) => key.length === text.length && key.toString("latin1") === text);
}

/** What the value after a key is to the event: nothing, its log_id, its data, or data's READ_DATA_KEYS[k] (k itself). */
const OTHER = -1;
const LOG_ID = -2;
const DATA = -3;

/**
 * Where an event's parts lie in the text, as [start, end) pairs (-1 where absent): its log_id's JSON
 * string, its data's object, and the JSON string of each of data's READ_DATA_KEYS.
 */
const LOG_ID_AT = 0;
const DATA_AT = 2;
const READ_KEY_AT = 4;
const PLACES_PER_EVENT = READ_KEY_AT + 2 * READ_DATA_KEYS.length;

/**
 * One walk over a JSON text's bytes: it checks the text as JSON.parse would (throwing NotJson where
 * it would throw), and takes from each event (the top-level value, or each element of a top-level
 * array) only what is stored: its log_id, the read keys of its data, and where its data's text lies,
 * so that the item takes data's bytes as they came instead of parsing and serialising them
 * (measured: decoding, JSON.parse and a second scan for data's text cost ~2.5 times this walk).
 *
 * The events are kept as places in the text and made objects only when asked for (eventsIn): a
 * 5,000-event body's objects, all alive from its walk to its insert, made each scavenge of the
 * writer thread's young generation copy them (measured: ~9 ms a scavenge, one every 1–2 bodies).
 *
 * Refuses (scanError, the first in the text) an event that repeats a key, or `data` one of
 * READ_DATA_KEYS, however spelt ("d\u0061ta" is "data"): JSON.parse keeps the last value, and the
 * data sent on must say what the stored type and date say; and an event nested deeper than
 * MAX_EVENT_DEPTH. Refuses (shapeError, the first event's) an event that is not an object with a
 * non-empty string log_id and an object data.
 */
class EventWalk {
  /** How many events were taken: their places are `places`' first count × PLACES_PER_EVENT. */
  count = 0;
  /** Room for one event to start with: a walk of one event or line takes no more, an array's doubles it as it goes. */
  private places = new Int32Array(PLACES_PER_EVENT);
  scanError: AppError | null = null;
  shapeError: AppError | null = null;
  private event = -1;
  private isObject = false;
  /** The places of the event being walked. */
  private readonly current = new Int32Array(PLACES_PER_EVENT);
  /** How many containers are open while data's object is the innermost one, -1 outside it. */
  private dataDepth = -1;
  private eventKeysSeen = 0;
  private dataKeysSeen = 0;
  private readonly otherKeys = new Set<string>();
  /** What the next value is to the event (OTHER, LOG_ID, DATA or a read key's index). */
  private next = OTHER;

  /** `eventDepth` is 1 for one event, 2 for an array's elements. */
  constructor(
    private readonly b: Buffer,
    private readonly eventDepth: 1 | 2,
    private readonly where: (event: number) => string,
  ) {}

  /** The closing byte of each open container, kept while the walk is paused. */
  private readonly open: number[] = [];

  /**
   * Walks from `i` (the text's start, or where the walk paused) to `to`, the text's end; pauses
   * after the element that makes `pauseAfter` events taken from a top-level array. Returns where it
   * paused, or -1 at the end.
   */
  walk(i: number, to: number, pauseAfter = Infinity): number {
    const { b, eventDepth, open } = this;
    for (;;) {
      i = skipWhitespace(b, i, to);
      if (i >= to) throw notJson();
      const c = b[i]!;
      const role = this.next;
      this.next = OTHER;
      if (open.length === eventDepth - 1) this.beginEvent(c === OPEN_BRACE);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        open.push(c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET);
        if (open.length > MAX_EVENT_DEPTH + eventDepth - 1) this.scanError ??= tooDeep(this.where(this.event));
        if (role === DATA && c === OPEN_BRACE) {
          this.current[DATA_AT] = i;
          this.dataDepth = open.length;
        }
        i = skipWhitespace(b, i + 1, to);
        if (i < to && b[i] === open[open.length - 1]) i = this.close(i);
        else {
          if (c === OPEN_BRACE) i = this.key(i, to, open.length);
          continue;
        }
      } else if (c === QUOTE) {
        const start = i;
        i = stringEnd(b, i, to);
        if (role !== OTHER && role !== DATA) {
          const at = role === LOG_ID ? LOG_ID_AT : READ_KEY_AT + 2 * role;
          this.current[at] = start;
          this.current[at + 1] = i;
        }
      } else i = scalarEnd(b, i, to);
      // After a value: a comma, the end of its container (itself a value ended), or the text's end.
      for (;;) {
        if (open.length === eventDepth - 1) this.endEvent();
        i = skipWhitespace(b, i, to);
        if (open.length === 0) {
          if (i !== to) throw notJson();
          return -1;
        }
        if (i >= to) throw notJson();
        const d = b[i]!;
        if (d === COMMA) {
          i++;
          if (open[open.length - 1] === CLOSE_BRACE) i = this.key(skipWhitespace(b, i, to), to, open.length);
          else if (open.length === eventDepth - 1 && this.count >= pauseAfter) return i;
          break;
        }
        if (d !== open[open.length - 1]) throw notJson();
        i = this.close(i);
      }
    }
  }

  /** Closes the innermost container at `i`; returns the index after it. */
  private close(i: number): number {
    if (this.open.length === this.dataDepth) {
      this.current[DATA_AT + 1] = i + 1;
      this.dataDepth = -1;
    }
    this.open.pop();
    return i + 1;
  }

  /** Reads the key at `i` of an object `depth` containers deep, and its colon; returns where its value starts. */
  private key(i: number, to: number, depth: number): number {
    const { b } = this;
    if (i >= to || b[i] !== QUOTE) throw notJson();
    const start = i;
    i = stringEnd(b, i, to);
    if (depth === this.eventDepth) this.eventKey(start, i);
    else if (depth === this.dataDepth) this.dataKey(start, i);
    i = skipWhitespace(b, i, to);
    if (i >= to || b[i] !== COLON) throw notJson();
    return i + 1;
  }

  private repeated(key: string) {
    this.scanError ??= invalid(
      `${this.where(this.event)}: the key ${JSON.stringify(key.slice(0, 100))} appears twice in one object`,
    );
  }

  private eventKey(start: number, end: number) {
    const k = keyIndex(this.b, start, end, EVENT_KEY_BYTES);
    if (k === -1) {
      const key = stringText(this.b, start, end);
      if (this.otherKeys.has(key)) this.repeated(key);
      this.otherKeys.add(key);
      return;
    }
    if (this.eventKeysSeen & (1 << k)) this.repeated(EVENT_KEYS[k]!);
    this.eventKeysSeen |= 1 << k;
    this.next = k === 0 ? LOG_ID : DATA;
  }

  private dataKey(start: number, end: number) {
    const k = keyIndex(this.b, start, end, READ_DATA_KEY_BYTES);
    if (k === -1) return;
    if (this.dataKeysSeen & (1 << k)) this.repeated(READ_DATA_KEYS[k]!);
    this.dataKeysSeen |= 1 << k;
    this.next = k;
  }

  private beginEvent(isObject: boolean) {
    this.event++;
    this.isObject = isObject;
    this.current.fill(-1);
    this.dataDepth = -1;
    this.eventKeysSeen = 0;
    this.dataKeysSeen = 0;
    if (this.otherKeys.size > 0) this.otherKeys.clear();
  }

  private endEvent() {
    if (this.scanError || this.shapeError) return;
    const where = this.where(this.event);
    const { current } = this;
    // A JSON string with anything between its quotes reads as a non-empty string.
    if (!this.isObject) this.shapeError = invalid(`${where}: an event must be a JSON object with log_id and data`);
    else if (current[LOG_ID_AT + 1]! - current[LOG_ID_AT]! <= 2)
      this.shapeError = invalid(`${where}: log_id must be a non-empty string`);
    else if (current[DATA_AT] === -1) this.shapeError = invalid(`${where}: data must be an object`);
    else {
      if ((this.count + 1) * PLACES_PER_EVENT > this.places.length) {
        const larger = new Int32Array(this.places.length * 2);
        larger.set(this.places);
        this.places = larger;
      }
      this.places.set(current, this.count * PLACES_PER_EVENT);
      this.count++;
    }
  }

  /** The events taken from `start` up to `end` (at most count), made from their places. */
  eventsIn(start: number, end: number): IncomingEvent[] {
    const events: IncomingEvent[] = [];
    for (let event = start; event < Math.min(end, this.count); event++) events.push(this.eventAt(event));
    return events;
  }

  private eventAt(event: number): IncomingEvent {
    const { b, places } = this;
    const at = event * PLACES_PER_EVENT;
    const text = (place: number) =>
      places[at + place] === -1 ? undefined : stringText(b, places[at + place]!, places[at + place + 1]!);
    const logId = text(LOG_ID_AT)!;
    // READ_DATA_KEYS in their order.
    const [type, date, description, hostname, user_name, user_id] = READ_DATA_KEYS.map((_, k) =>
      text(READ_KEY_AT + 2 * k),
    );
    const data = { type, date, description, hostname, user_name, user_id };
    return {
      logId,
      type: type ?? "",
      item: itemParts(logId, data, onOneLine(b.subarray(places[at + DATA_AT], places[at + DATA_AT + 1]))),
      dateMs: eventDateMs(date),
    };
  }
}

/** The byte length of a character String.prototype.trim removes (white space, a line terminator) at `i`, or 0. */
function whitespaceLength(b: Buffer, i: number): number {
  const c = b[i];
  const d = b[i + 1];
  const e = b[i + 2];
  if (c === TAB || c === LF || c === 11 || c === 12 || c === CR || c === SPACE) return 1;
  if (c === 0xc2) return d === 0xa0 ? 2 : 0; // U+00A0
  if (c === 0xe1) return d === 0x9a && e === 0x80 ? 3 : 0; // U+1680
  if (
    c === 0xe2 &&
    d === 0x80 &&
    e !== undefined &&
    ((e >= 0x80 && e <= 0x8a) || e === 0xa8 || e === 0xa9 || e === 0xaf)
  )
    return 3; // U+2000–U+200A, U+2028, U+2029, U+202F
  if (c === 0xe2) return d === 0x81 && e === 0x9f ? 3 : 0; // U+205F
  if (c === 0xe3) return d === 0x80 && e === 0x80 ? 3 : 0; // U+3000
  if (c === 0xef) return d === 0xbb && e === 0xbf ? 3 : 0; // U+FEFF
  return 0;
}

/** [from, to) without what String.prototype.trim would remove at either end. */
function trimmed(b: Buffer, from: number, to: number): [number, number] {
  for (let n = whitespaceLength(b, from); n > 0 && from < to; n = whitespaceLength(b, from)) from += n;
  while (to > from) {
    const n = [1, 2, 3].find((length) => to - length >= from && whitespaceLength(b, to - length) === length);
    if (n === undefined) break;
    to -= n;
  }
  return [from, to];
}

/** The body as UTF-8 bytes; invalid sequences replaced by U+FFFD, as decoding it to text would. */
function utf8Bytes(body: Uint8Array | string): Buffer {
  if (typeof body === "string") return Buffer.from(body);
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return isUtf8(bytes) ? bytes : Buffer.from(bytes.toString("utf8"));
}

/** The walk over [from, to), or null where that text is not JSON. */
function walked(walk: EventWalk, from: number, to: number): EventWalk | null {
  try {
    walk.walk(from, to);
    return walk;
  } catch (error) {
    if (error instanceof NotJson) return null;
    throw error;
  }
}

/** Throws a walk's first error: a scan error (the first in the text) before a shape error. */
function throwIfRefused(walk: EventWalk): void {
  const error = walk.scanError ?? walk.shapeError;
  if (error) throw error;
}

/** One event or JSON Lines (a body that is not an array), read whole. */
function eventsOfOneOrLines(bytes: Buffer, from: number, to: number): IncomingEvent[] {
  const single = walked(new EventWalk(bytes, 1, () => "the event"), from, to);
  if (single) {
    throwIfRefused(single);
    return single.eventsIn(0, single.count);
  }
  const events: IncomingEvent[] = [];
  for (let start = from, line = 1; start < to; line++) {
    const lineEnd = bytes.indexOf(LF, start);
    const end = lineEnd === -1 || lineEnd > to ? to : lineEnd;
    const [first, last] = trimmed(bytes, start, end);
    if (first < last) {
      const walk = walked(new EventWalk(bytes, 1, () => `line ${line}`), start, end);
      if (!walk) throw invalid(`line ${line}: not valid JSON`);
      throwIfRefused(walk);
      events.push(...walk.eventsIn(0, walk.count));
    }
    start = end + 1;
  }
  return events;
}

/** The body's UTF-8 bytes without what String.prototype.trim would remove at either end; a 400 when nothing is left. */
function trimmedBody(body: Uint8Array | string): { bytes: Buffer; from: number; to: number } {
  const bytes = utf8Bytes(body);
  const [from, to] = trimmed(bytes, 0, bytes.length);
  if (from === to)
    throw invalid("The request body is empty: send a JSON array, JSON Lines or one JSON object of {log_id, data}");
  return { bytes, from, to };
}

/** Walks a JSON array body from `at` (its start, or where the walk paused) on; the 400s of a body that is not one. */
function walkArray(walk: EventWalk, at: number, to: number, pauseAfter = Infinity): number {
  let next: number;
  try {
    next = walk.walk(at, to, pauseAfter);
  } catch (error) {
    if (error instanceof NotJson) throw invalid("The body is not valid JSON: the array does not parse");
    throw error;
  }
  if (next === -1) {
    throwIfRefused(walk);
    if (walk.count === 0) throw invalid("The array is empty: send at least one event");
  }
  return next;
}

const arrayWalk = (bytes: Buffer) => new EventWalk(bytes, 2, (index) => `index ${index}`);

/**
 * Reads what an Auth0 Custom Webhook stream sends: a JSON array, JSON Lines, or one JSON object
 * (which may span lines), checked whole first. Throws a 400 AppError naming the index (array, from
 * 0) or the line (JSON Lines, from 1) at fault. An array's events are made as they are sliced, so a
 * store that takes them a slice at a time never holds them all; each event's item holds its data's
 * bytes as sent (a view of the body's).
 */
export function parsedIngestBody(body: Uint8Array | string): EventList {
  const { bytes, from, to } = trimmedBody(body);
  if (bytes[from] !== OPEN_BRACKET) return eventsOfOneOrLines(bytes, from, to);
  const walk = arrayWalk(bytes);
  walkArray(walk, from, to);
  return { length: walk.count, slice: (start, end) => walk.eventsIn(start, end) };
}

/** parsedIngestBody's events, all made at once. */
export const parseIngestBody = (body: Uint8Array | string): IncomingEvent[] => {
  const events = parsedIngestBody(body);
  return events.slice(0, events.length);
};

/**
 * A request body read part by part: `read(count)` returns its next `count` events, fewer at the
 * end, and `isDone` says the end was read. A JSON array is read as far as asked, so that its first
 * events can be stored while the rest is read; its 400, where it has one, comes from the read that
 * reaches its end. Another body is read whole at once.
 */
export type IngestBodyReader = { read(count: number): IncomingEvent[]; readonly isDone: boolean };

export function readIngestBody(body: Uint8Array | string): IngestBodyReader {
  const { bytes, from, to } = trimmedBody(body);
  const walk = arrayWalk(bytes);
  const lines = bytes[from] === OPEN_BRACKET ? null : eventsOfOneOrLines(bytes, from, to);
  let at = lines ? -1 : from;
  let taken = 0;
  const total = () => lines?.length ?? walk.count;
  return {
    get isDone() {
      return at === -1 && taken === total();
    },
    read(count) {
      if (at !== -1) at = walkArray(walk, at, to, taken + count);
      const part = lines ? lines.slice(taken, taken + count) : walk.eventsIn(taken, taken + count);
      taken += part.length;
      return part;
    },
  };
}

import type { IncomingEvent } from "@/lib/events/event-store";
import { bodyText, parseArrayPart, parseIngestBody } from "./parse";

/**
 * About how many bytes of a body each part holds (~400 of the bench's events): the writer thread
 * stores the first part while the next ones are parsed, so the smaller the first, the sooner it starts.
 */
const PART_BYTES = 256 * 1024;

const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const CLOSE_BRACE = 125;
const COMMA = 44;
/** Where an Auth0 stream's next event usually starts, after `},`. */
/**
 * The events of the elements between `from` and `to`, read as an array: the bytes just outside
 * them are made its brackets while they are decoded (a flat string: JSON.parse and the scan measured
 * ~20 % slower on a concatenation "[" + elements + "]"), then given back.
 */
function parseElements(body: Buffer, from: number, to: number, firstIndex: number): IncomingEvent[] {
  const [before, after] = [body[from - 1]!, body[to]!];
  body[from - 1] = OPEN_BRACKET;
  body[to] = CLOSE_BRACKET;
  const json = bodyText(body.subarray(from - 1, to + 1));
  body[from - 1] = before;
  body[to] = after;
  return parseArrayPart(json, firstIndex);
}

const EVENT_START = Buffer.from('{"log_id":');

const isSpace = (byte: number | undefined) => byte === 32 || byte === 10 || byte === 13 || byte === 9;

/**
 * Where the element list ends after `from` at the first likely event boundary past `from + PART_BYTES`
 * (its `}`'s index + 1), and where the next element starts; undefined when none is found. Only
 * likely: the bytes may be inside a string or a nested object, which the part's parse then refuses.
 */
function nextCut(body: Buffer, from: number, end: number): { partEnd: number; nextFrom: number } | undefined {
  for (
    let at = body.indexOf(EVENT_START, from + PART_BYTES);
    at !== -1 && at < end;
    at = body.indexOf(EVENT_START, at + 1)
  ) {
    let before = at - 1;
    while (isSpace(body[before])) before--;
    if (body[before] !== COMMA) continue;
    const comma = before--;
    while (isSpace(body[before])) before--;
    if (body[before] === CLOSE_BRACE) return { partEnd: before + 1, nextFrom: comma + 1 };
  }
  return undefined;
}

/**
 * A body's events part by part, as parseIngestBody reads them altogether: a JSON array is cut at
 * event boundaries into parts of about PART_BYTES, each decoded and parsed on its own. Whatever
 * else the body is, or when a part does not parse (the body is invalid, or the cut fell inside a
 * string), the rest comes from parseIngestBody over the whole body, which throws the same 400
 * naming the same event as for a body parsed whole.
 */
export function* ingestBodyParts(bytes: Uint8Array): Generator<IncomingEvent[]> {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  let end = body.length;
  while (isSpace(body[start])) start++;
  while (isSpace(body[end - 1])) end--;
  let eventCount = 0;
  if (body[start] === OPEN_BRACKET && body[end - 1] === CLOSE_BRACKET) {
    let from = start + 1;
    for (let cut = nextCut(body, from, end - 1); cut; cut = nextCut(body, from, end - 1)) {
      let events: IncomingEvent[];
      try {
        events = parseElements(body, from, cut.partEnd, eventCount);
      } catch {
        break;
      }
      yield events;
      eventCount += events.length;
      from = cut.nextFrom;
    }
    if (eventCount > 0) {
      let last: IncomingEvent[] | undefined;
      try {
        last = parseElements(body, from, end - 1, eventCount);
      } catch {
        // read whole below
      }
      if (last && last.length > 0) {
        yield last;
        return;
      }
    }
  }
  yield parseIngestBody(bodyText(body)).slice(eventCount);
}

import type { Transferable } from "node:worker_threads";
import {
  firstPartSent,
  openPartChannel,
  receivePart,
  sendPart,
  stopParts,
  type PartChannelEnd,
} from "@/lib/db/part-channel";
import { directSqlite } from "@/lib/db/sqlite-direct";
import { defineWriterJob, hasIngestParserThread } from "@/lib/db/sqlite-writer";
import type { IncomingEvent } from "@/lib/events/event-store";
import {
  newCopies,
  postgresBodyPart,
  postgresBodyPartCount,
  storeEventParts,
  storeEvents,
  storePostgresBody,
  toPostgresBody,
  type PostgresBody,
  type StoreResult,
} from "@/lib/events/store";
import { ingestBodyParts } from "./body-parts";
import { packRows, unpackRows, type PackedRows } from "./packed-rows";
import { bodyText, parseIngestBody } from "./parse";

/**
 * Memory of views handed over to another thread rather than copied (~1 ms of the event loop per
 * 5 MB body) where a view owns all of its memory: a small Buffer can share a pool with others.
 */
function transferable(...views: ArrayBufferView[]): Transferable[] {
  return views
    .filter(
      ({ buffer, byteOffset, byteLength }) =>
        buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength,
    )
    .map(({ buffer }) => buffer as ArrayBuffer);
}
const transferableBody = (body: Uint8Array) => transferable(body);

/** On SQLite's writer thread bodies are stored one after another (see serveWriterJobs). */
const ingestOnWriterThread = defineWriterJob<Uint8Array, StoreResult>({
  name: "ingest",
  isInOrder: true,
  transfer: transferableBody,
  async run(body) {
    const events = parseIngestBody(bodyText(body));
    // Lets the batch records that came in meanwhile go first: a stream waits for its record
    // before it sends more, so they must not wait behind a whole body (~9 ms to parse 5,000 events).
    await new Promise((resolve) => setImmediate(resolve));
    return storeEvents(events);
  },
});

/** What the parser thread sends the writer thread for a body: its events' first copies part by part, then how many events it held. */
type BodyPart = PackedRows | { eventCount: number };

/**
 * On SQLite with the ingest parser thread up: that thread parses a body part by part
 * (ingestBodyParts) and sends each part's first copies to the writer thread (storeInParts) as it
 * is made, so the writer stores the first parts while the next ones are parsed.
 */
const parseInParts = defineWriterJob<{ body: Uint8Array; to: PartChannelEnd }, void>({
  name: "parse-in-parts",
  isInOrder: true,
  isOnParserThread: true,
  transfer: ({ body, to }) => [...transferableBody(body), to.port],
  run({ body, to }) {
    const seen = new Set<string>();
    let eventCount = 0;
    for (const events of ingestBodyParts(body)) {
      eventCount += events.length;
      const packed = packRows(newCopies(events, seen));
      sendPart(to, packed satisfies BodyPart, transferable(packed.lengths, packed.dates));
    }
    sendPart(to, { eventCount } satisfies BodyPart);
    to.port.close();
  },
});

/** Stores the parts parseInParts sends, in one transaction, as they come (the first waited for before it opens). */
const storeInParts = defineWriterJob<PartChannelEnd, StoreResult>({
  name: "store-in-parts",
  isInOrder: true,
  transfer: ({ port }) => [port],
  async run(from) {
    let eventCount = 0;
    function* parts(): Generator<IncomingEvent[]> {
      let part = receivePart(from) as BodyPart;
      for (; "text" in part; part = receivePart(from) as BodyPart) yield unpackRows(part);
      eventCount = part.eventCount;
    }
    try {
      await firstPartSent(from);
      const accepted = await storeEventParts(parts());
      return { accepted, duplicates: eventCount - accepted };
    } finally {
      from.port.close();
    }
  },
});

/** Bodies parsed for PostgreSQL whose COPY data parts are still to be built, by id (on the thread that parsed them). */
const parsedForPostgres = new Map<number, PostgresBody>();
let nextParsedId = 1;

type ParsedForPostgres = { id: number; eventCount: number; rowCount: number; partCount: number };

/**
 * On PostgreSQL the writer thread parses a body, then builds its rows' binary COPY data part by
 * part (postgresBodyPart), and the event loop stores them through the pg pool, sending each part
 * as it comes: PostgreSQL inserts the first parts while the thread builds the next. Parsed on the
 * event loop, a 5,000-event body took ~1.6x as long (measured): scavenges in its 16 MB semi-space
 * copied the live parse tree, which the thread's young generation holds whole.
 */
const parseForPostgres = defineWriterJob<Uint8Array, ParsedForPostgres>({
  name: "parse-for-postgres",
  isInOrder: true,
  isOnPostgresToo: true,
  transfer: transferableBody,
  run(body) {
    const parsed = toPostgresBody(parseIngestBody(bodyText(body)), new Date());
    const id = nextParsedId++;
    parsedForPostgres.set(id, parsed);
    return {
      id,
      eventCount: parsed.eventCount,
      rowCount: parsed.rows.length,
      partCount: postgresBodyPartCount(parsed),
    };
  },
});

/** Not in order: a body's parts are asked for once it is parsed, and go before the bodies queued behind it. */
const copyDataPartForPostgres = defineWriterJob<{ id: number; index: number }, Uint8Array>({
  name: "copy-data-part-for-postgres",
  isOnPostgresToo: true,
  transferResult: (part) => [part.buffer as ArrayBuffer],
  run({ id, index }) {
    const parsed = parsedForPostgres.get(id);
    if (!parsed) throw new Error("The writer thread that parsed this body stopped; send the body again");
    if (index === postgresBodyPartCount(parsed) - 1) parsedForPostgres.delete(id);
    return postgresBodyPart(parsed, index);
  },
});

async function ingestInParts(body: Buffer): Promise<StoreResult> {
  const { sender, receiver } = openPartChannel();
  const parsed = parseInParts({ body, to: sender }).catch((error: unknown) => {
    stopParts(sender.signal); // the writer thread gives the body up: nothing of it is stored
    throw error;
  });
  const [, stored] = await Promise.all([parsed, storeInParts(receiver)]);
  return stored;
}

/** Parses and stores one request body (parseIngestBody, storeEvents): on SQLite both on the writer thread, on PostgreSQL the parse. */
export async function ingestBody(body: Buffer): Promise<StoreResult> {
  if (directSqlite()) return hasIngestParserThread() ? ingestInParts(body) : ingestOnWriterThread(body);
  const { id, eventCount, rowCount, partCount } = await parseForPostgres(body);
  const parts = Array.from({ length: partCount }, (_, index) => copyDataPartForPostgres({ id, index }));
  return storePostgresBody(eventCount, { count: rowCount, copy: parts });
}

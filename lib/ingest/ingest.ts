import { directSqlite } from "@/lib/db/sqlite-direct";
import { defineWriterJob, writerStopped } from "@/lib/db/sqlite-writer";
import {
  postgresBodyPart,
  postgresBodyPartCount,
  storeEvents,
  storePostgresBody,
  toPostgresBody,
  type PostgresBody,
  type StoreResult,
} from "@/lib/events/store";
import { parseIngestBody } from "./parse";

/**
 * An ingest body's memory, handed over to the writer thread rather than copied (~1 ms of the event
 * loop per 5 MB) when the body owns all of it: a small Buffer can share a pool with others.
 */
function transferableBody(body: Uint8Array): ArrayBuffer[] {
  const { buffer, byteOffset, byteLength } = body;
  const ownsItsMemory = buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength;
  return ownsItsMemory ? [buffer] : [];
}

/** On SQLite's writer thread bodies are stored one after another (see serveWriterJobs). */
const ingestOnWriterThread = defineWriterJob<Uint8Array, StoreResult>({
  name: "ingest",
  isInOrder: true,
  transfer: transferableBody,
  async run(body) {
    const events = parseIngestBody(body);
    // Lets the batch records that came in meanwhile go first: a stream waits for its record
    // before it sends more, so they must not wait behind a whole body's parse.
    await new Promise((resolve) => setImmediate(resolve));
    return storeEvents(events);
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
    const parsed = toPostgresBody(parseIngestBody(body), new Date());
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
    if (!parsed) throw writerStopped();
    if (index === postgresBodyPartCount(parsed) - 1) parsedForPostgres.delete(id);
    return postgresBodyPart(parsed, index);
  },
});

/** Parses and stores one request body (parseIngestBody, storeEvents): on SQLite both on the writer thread, on PostgreSQL the parse. */
export async function ingestBody(body: Buffer): Promise<StoreResult> {
  if (directSqlite()) return ingestOnWriterThread(body);
  const { id, eventCount, rowCount, partCount } = await parseForPostgres(body);
  const parts = Array.from({ length: partCount }, (_, index) => copyDataPartForPostgres({ id, index }));
  return storePostgresBody(eventCount, { count: rowCount, copy: parts });
}

import { directSqlite } from "@/lib/db/sqlite-direct";
import { defineWriterJob } from "@/lib/db/sqlite-writer";
import {
  storeEvents,
  storePostgresBody,
  toPostgresBody,
  type PostgresBody,
  type StoreResult,
} from "@/lib/events/store";
import { bodyText, parseIngestBody } from "./parse";

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
    const events = parseIngestBody(bodyText(body));
    // Lets the batch records that came in meanwhile go first: a stream waits for its record
    // before it sends more, so they must not wait behind a whole body (~9 ms to parse 5,000 events).
    await new Promise((resolve) => setImmediate(resolve));
    return storeEvents(events);
  },
});

/**
 * On PostgreSQL the writer thread parses a body and makes its rows binary COPY data, and the
 * event loop stores them through the pg pool. Parsed on the event loop, a 5,000-event body took
 * ~1.6x as long (measured): scavenges in its 16 MB semi-space copied the live parse tree, which
 * the thread's young generation holds whole.
 */
const parseForPostgres = defineWriterJob<Uint8Array, PostgresBody>({
  name: "parse-for-postgres",
  isInOrder: true,
  isOnPostgresToo: true,
  transfer: transferableBody,
  transferResult: ({ rows }) => [rows.copy.buffer as ArrayBuffer],
  run: (body) => toPostgresBody(parseIngestBody(bodyText(body)), new Date()),
});

/** Parses and stores one request body (parseIngestBody, storeEvents): on SQLite both on the writer thread, on PostgreSQL the parse. */
export async function ingestBody(body: Buffer): Promise<StoreResult> {
  if (directSqlite()) return ingestOnWriterThread(body);
  return storePostgresBody(await parseForPostgres(body));
}

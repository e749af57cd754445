import { directSqlite } from "@/lib/db/sqlite-direct";
import { defineWriterJob, writerStopped } from "@/lib/db/sqlite-writer";
import { keptParts } from "@/lib/db/postgres-copy-in";
import { firstCopies, insertPostgresRows, toPostgresCopy } from "@/lib/events/postgres-event-store";
import { storeEvents, type StoreResult } from "@/lib/events/store";
import { parsedIngestBody, readIngestBody, type IngestBodyReader } from "./parse";

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
    // Checked whole before anything is stored; its events are made a slice at a time as they are inserted.
    const events = parsedIngestBody(body);
    // Lets the batch records that came in meanwhile go first: a stream waits for its record
    // before it sends more, so they must not wait behind a whole body's parse.
    await new Promise((resolve) => setImmediate(resolve));
    return storeEvents(events);
  },
});

/** Events per part of a body's COPY data on PostgreSQL: PostgreSQL inserts a part while the writer thread reads the next. */
const POSTGRES_PART_EVENTS = 1000;

/** A body being read for PostgreSQL, on the thread that reads it: the log_ids of its parts so far, and when it came. */
type PostgresReading = { reader: IngestBodyReader; seen: Set<string>; receivedAt: Date; isFirstPart: boolean };

/** Bodies being read for PostgreSQL, by id, until their last part is made. */
const readingForPostgres = new Map<number, PostgresReading>();
let nextReadingId = 1;

/**
 * On PostgreSQL the writer thread reads a body part by part (readIngestBody) and makes each part's
 * rows into COPY data (copyDataPartForPostgres), while the event loop sends the parts made before:
 * PostgreSQL inserts the first events while the thread reads the rest. Read on the event loop, a
 * 5,000-event body took ~1.6x as long (measured): scavenges in its 16 MB semi-space copied the live
 * parse, which the thread's young generation holds whole. A body that is not JSON, or empty, is
 * refused here, before any COPY.
 */
const startReadingForPostgres = defineWriterJob<Uint8Array, number>({
  name: "start-reading-for-postgres",
  isInOrder: true,
  isOnPostgresToo: true,
  transfer: transferableBody,
  run(body) {
    const id = nextReadingId++;
    readingForPostgres.set(id, startReading(body));
    return id;
  },
});

const startReading = (body: Uint8Array): PostgresReading => ({
  reader: readIngestBody(body),
  seen: new Set<string>(),
  receivedAt: new Date(),
  isFirstPart: true,
});

/** A part of a body's COPY data (its first copies: firstCopies across parts), the events it read, and whether it is the last. */
type CopyDataPart = { copy: Uint8Array; eventCount: number; isLast: boolean };

/**
 * The memory of parts already stored, given back by the event loop (takeBackCopyMemory) to make
 * later parts in, on the thread that makes them. Left as garbage on the event loop instead, parts
 * raise its external memory until V8 marks its whole heap to free them; and a part allocated anew
 * pays for fresh pages.
 */
const spareCopyMemory: ArrayBuffer[] = [];
const MIB = 1024 * 1024;
/** At most this much spare memory is kept (the parts of about two bodies of usual events), whatever size the parts were. */
const SPARE_COPY_BYTES = 24 * MIB;
/** A new part's memory: its room rounded up to whole MiB, 2 MiB at least (~1 MB for 1,000 usual events), so that it fits later parts. */
const newCopyMemoryBytes = (room: number) => Math.max(2 * MIB, Math.ceil(room / MIB) * MIB);

function copyMemory(room: number): Buffer {
  const index = spareCopyMemory.findIndex((memory) => memory.byteLength >= room);
  if (index === -1) return Buffer.allocUnsafeSlow(newCopyMemoryBytes(room));
  return Buffer.from(spareCopyMemory.splice(index, 1)[0]!);
}

function keepSpareCopyMemory(memory: ArrayBuffer[]): void {
  for (const buffer of memory) {
    const spareBytes = spareCopyMemory.reduce((bytes, spare) => bytes + spare.byteLength, 0);
    if (spareBytes + buffer.byteLength <= SPARE_COPY_BYTES) spareCopyMemory.push(buffer);
  }
}

function nextPart(reading: PostgresReading): CopyDataPart {
  const events = reading.reader.read(POSTGRES_PART_EVENTS);
  const isLast = reading.reader.isDone;
  const rows = firstCopies(events, reading.seen);
  const copy = toPostgresCopy(rows, reading.receivedAt, { hasHeader: reading.isFirstPart, hasEnd: isLast }, copyMemory);
  reading.isFirstPart = false;
  return { copy, eventCount: events.length, isLast };
}

/**
 * Reads `body` into COPY data part by part, as copyDataPartForPostgres does, and keeps the parts'
 * memory for the first bodies' parts: the writer thread's warm-up on PostgreSQL.
 */
export function makeCopyDataOf(body: Uint8Array): void {
  const reading = startReading(body);
  for (;;) {
    const { copy, isLast } = nextPart(reading);
    keepSpareCopyMemory([copy.buffer as ArrayBuffer]);
    if (isLast) return;
  }
}

/** The memory of a body's parts, once stored: kept for later parts where they are made. */
const takeBackCopyMemory = defineWriterJob<ArrayBuffer[], void>({
  name: "take-back-copy-memory",
  isOnPostgresToo: true,
  transfer: (memory) => memory,
  run: keepSpareCopyMemory,
});

/** Not in order: a body's parts are asked for as it is stored, and go before the bodies queued behind it. */
const copyDataPartForPostgres = defineWriterJob<number, CopyDataPart>({
  name: "copy-data-part-for-postgres",
  isOnPostgresToo: true,
  transferResult: (part) => [part.copy.buffer as ArrayBuffer],
  run(id) {
    const reading = readingForPostgres.get(id);
    if (!reading) throw writerStopped();
    try {
      const part = nextPart(reading);
      if (part.isLast) readingForPostgres.delete(id);
      return part;
    } catch (error) {
      readingForPostgres.delete(id);
      throw error;
    }
  },
});

/** Forgets a body whose store ended before its last part was asked for (a failed COPY). */
const stopReadingForPostgres = defineWriterJob<number, void>({
  name: "stop-reading-for-postgres",
  isOnPostgresToo: true,
  run: (id) => void readingForPostgres.delete(id),
});

/** Stores a body on PostgreSQL as the writer thread reads it, part by part; the next part is asked for as one arrives. */
async function ingestOnPostgres(body: Buffer): Promise<StoreResult> {
  const id = await startReadingForPostgres(body);
  let eventCount = 0;
  let isLastMade = false;
  const made: Uint8Array[] = [];
  async function* parts() {
    let next = copyDataPartForPostgres(id);
    next.catch(() => {});
    for (;;) {
      const part = await next;
      eventCount += part.eventCount;
      isLastMade = part.isLast;
      if (!part.isLast) {
        next = copyDataPartForPostgres(id);
        next.catch(() => {}); // awaited by the next step, unless the store ended first
      }
      made.push(part.copy);
      yield part.copy;
      if (part.isLast) return;
    }
  }
  try {
    const accepted = await insertPostgresRows(keptParts(parts()));
    // Stored: every byte is sent. After a failure a part may still wait in the socket, and is left to the garbage collector.
    void takeBackCopyMemory(made.map((part) => part.buffer as ArrayBuffer)).catch(() => {});
    return { accepted, duplicates: eventCount - accepted };
  } finally {
    if (!isLastMade) void stopReadingForPostgres(id).catch(() => {});
  }
}

/** Parses and stores one request body (parsedIngestBody, storeEvents): on SQLite both on the writer thread, on PostgreSQL the parse. */
export async function ingestBody(body: Buffer): Promise<StoreResult> {
  return directSqlite() ? ingestOnWriterThread(body) : ingestOnPostgres(body);
}

import type pg from "pg";

/** A text value: a string, or pieces written one after another (strings, and UTF-8 bytes copied as they are). */
export type CopyText = string | readonly (string | Uint8Array)[];

/** A column of a binary COPY's rows: text, or a 64-bit integer (int8, or a timestamp's µs since 2000; null for SQL NULL). */
export type CopyColumn<R> =
  { type: "text"; of: (row: R) => CopyText } | { type: "int8"; of: (row: R) => number | null };

/** The most bytes a text takes in UTF-8: 3 per UTF-16 unit of a string. */
function roomFor(text: CopyText): number {
  if (typeof text === "string") return 3 * text.length;
  let room = 0;
  for (const piece of text) room += typeof piece === "string" ? 3 * piece.length : piece.byteLength;
  return room;
}

/** Writes a text at `offset`; returns its length in bytes. */
function writeText(buffer: Buffer, text: CopyText, offset: number): number {
  if (typeof text === "string") return buffer.write(text, offset);
  let length = 0;
  for (const piece of text) {
    if (typeof piece === "string") length += buffer.write(piece, offset + length);
    else {
      buffer.set(piece, offset + length);
      length += piece.byteLength;
    }
  }
  return length;
}

/** Which part of a copy's data toBinaryCopy writes: the header before the rows (first part), the end after them (last part), or both (the whole). */
export type CopyPart = { hasHeader?: boolean; hasEnd?: boolean };

/**
 * A copy's data, in parts sent one after another, each as soon as it is ready (a part still being
 * made on another thread while PostgreSQL inserts the rows of those before it). Iterated again by a
 * second copy of the same data.
 */
export type CopyData = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Parts from `parts`, kept as they come, so that a second copy of the same data sends them again and
 * then the rest. The two may overlap (the first copy failed while waiting for a part): each part is
 * asked for once.
 */
export function keptParts(parts: AsyncIterator<Uint8Array>): CopyData {
  const kept: Uint8Array[] = [];
  let isDone = false;
  let asking: Promise<void> | null = null;
  const askNext = async () => {
    const next = await parts.next();
    if (next.done) isDone = true;
    else kept.push(next.value);
    asking = null;
  };
  return {
    async *[Symbol.asyncIterator]() {
      for (let index = 0; ; index++) {
        while (index === kept.length && !isDone) await (asking ??= askNext());
        if (index === kept.length) return;
        yield kept[index]!;
      }
    },
  };
}

/** "PGCOPY\n\377\r\n\0", then the flags and the header extension's length (int32 zeros). */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const INT8_BYTES = 8;

/**
 * Rows in PostgreSQL's binary COPY format (see "COPY … Binary Format"): the header, then per row
 * an int16 field count and per field an int32 length (-1 for NULL) and its bytes, then an int16 -1.
 * Neither side quotes, escapes or scans a value; the UTF-8 encoding is done here. Texts are written
 * into room for their longest encoding (roomFor), in a Buffer from `allocate` (by default one that
 * owns its memory, none of Buffer's shared pool, so that it can be transferred to another thread);
 * the data is the start of it that was written. Integers go through a DataView, an int8 as two
 * 32-bit halves: no BigInt per value.
 */
export function toBinaryCopy<R>(
  rows: R[],
  columns: CopyColumn<R>[],
  { hasHeader = true, hasEnd = true }: CopyPart = {},
  allocate: (room: number) => Buffer = Buffer.allocUnsafeSlow,
): Buffer {
  let room = HEADER.length + 2 + rows.length * (2 + columns.length * 4);
  for (const column of columns) {
    if (column.type === "int8") room += rows.length * INT8_BYTES;
    else for (const row of rows) room += roomFor(column.of(row));
  }
  const buffer = allocate(room);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let offset = hasHeader ? HEADER.copy(buffer, 0) : 0;
  for (const row of rows) {
    view.setInt16(offset, columns.length);
    offset += 2;
    for (const column of columns) {
      if (column.type === "text") {
        const length = writeText(buffer, column.of(row), offset + 4);
        view.setInt32(offset, length);
        offset += 4 + length;
        continue;
      }
      const value = column.of(row);
      view.setInt32(offset, value === null ? -1 : INT8_BYTES);
      offset += 4;
      if (value === null) continue;
      const high = Math.floor(value / 2 ** 32);
      view.setInt32(offset, high);
      view.setUint32(offset + 4, value - high * 2 ** 32);
      offset += INT8_BYTES;
    }
  }
  if (hasEnd) {
    view.setInt16(offset, -1);
    offset += 2;
  }
  return buffer.subarray(0, offset);
}

/** A CopyData message's first bytes: 'd', then the message's length (itself included, the data's bytes following). */
function copyDataStart(dataBytes: number): Buffer {
  const start = Buffer.alloc(5);
  start[0] = 0x64;
  start.writeInt32BE(4 + dataBytes, 1);
  return start;
}

/** CopyDone: 'c', length 4. */
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/** CopyFail: 'f', its length, then why, as a C string (the server fails the COPY with it). */
function copyFail(why: string): Buffer {
  const text = Buffer.from(`${why}\0`);
  const start = Buffer.from([0x66, 0, 0, 0, 0]);
  start.writeInt32BE(4 + text.length, 1);
  return Buffer.concat([start, text]);
}

/**
 * A `COPY … FROM STDIN` run on a client: each part of `data` sent as soon as the server asks for
 * it and the part is ready, then the end of the copy. Done at ReadyForQuery, after every statement
 * of `text` (more may follow the COPY, run in the same round trip), or failed at the first error
 * (the server then skips the rest of the data and of `text`), or at a part that failed to be made
 * (the copy is failed with CopyFail; the part's error is this one's). A pg "submittable", as
 * pg-copy-streams is.
 */
class CopyIn implements pg.Submittable {
  readonly done: Promise<number>;
  private settle!: { resolve: (rowCount: number) => void; reject: (error: unknown) => void };
  private isFailed = false;
  private partError: unknown = null;
  private rowCount = 0;

  constructor(
    private readonly text: string,
    private readonly data: CopyData,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: pg.Connection) {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: pg.Connection) {
    void this.send(connection.stream);
  }

  /**
   * Each part written to the socket as it is, after a CopyData message's first 5 bytes (one writev):
   * pg's own sendCopyFromChunk copies it into its message buffer first, growing that buffer by
   * copies as well (~5 ms of the event loop per 5,000-event body, profiled). After a failure the
   * server ignores copy messages, and none is written.
   */
  private async send(stream: pg.Connection["stream"]) {
    try {
      for await (const bytes of this.data) {
        if (this.isFailed || !stream.writable) return; // pg reports a closed connection as the query's error
        stream.cork();
        stream.write(copyDataStart(bytes.byteLength));
        stream.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        stream.uncork();
      }
    } catch (error) {
      this.partError = error;
      if (!this.isFailed && stream.writable) stream.write(copyFail("the COPY data could not be made"));
      return;
    }
    if (!this.isFailed && stream.writable) stream.write(COPY_DONE);
  }

  // pg hands this no ReadyForQuery after an error; it holds back the next query until one comes.
  handleError(error: unknown) {
    this.isFailed = true;
    this.settle.reject(this.partError ?? error);
  }

  handleReadyForQuery() {
    this.settle.resolve(this.rowCount);
  }

  handleCommandComplete({ text }: { text: string }) {
    if (text.startsWith("COPY ")) this.rowCount = Number(text.slice("COPY ".length));
  }
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/**
 * Runs `text`, whose COPY … FROM STDIN (FORMAT binary) reads `data` (toBinaryCopy), in one round
 * trip on a client (in its transaction, if one is open). Returns the number of rows copied.
 */
export async function copyIn(client: pg.ClientBase, text: string, data: CopyData): Promise<number> {
  const copy = new CopyIn(text, data);
  void client.query(copy);
  return copy.done;
}

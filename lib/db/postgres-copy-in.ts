import type pg from "pg";

/** A column of a binary COPY's rows: text, or a 64-bit integer (int8, or a timestamp's µs since 2000; null for SQL NULL). */
export type CopyColumn<R> = { type: "text"; of: (row: R) => string } | { type: "int8"; of: (row: R) => number | null };

/** "PGCOPY\n\377\r\n\0", then the flags and the header extension's length (int32 zeros). */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const INT8_BYTES = 8;

/**
 * Rows in PostgreSQL's binary COPY format (see "COPY … Binary Format"): the header, then per row
 * an int16 field count and per field an int32 length (-1 for NULL) and its bytes, then an int16 -1.
 * Neither side quotes, escapes or scans a value; the UTF-8 encoding is done here. Texts are written
 * into room for their longest encoding (3 bytes per UTF-16 unit), then copied to a Buffer of the
 * exact size that owns its memory (none of Buffer's shared pool), so that it can be transferred to
 * another thread. Integers go through a DataView, an int8 as two 32-bit halves: no BigInt per value.
 */
export function toBinaryCopy<R>(rows: R[], columns: CopyColumn<R>[]): Buffer {
  let room = HEADER.length + 2 + rows.length * (2 + columns.length * 4);
  for (const column of columns) {
    if (column.type === "int8") room += rows.length * INT8_BYTES;
    else for (const row of rows) room += 3 * column.of(row).length;
  }
  const buffer = Buffer.allocUnsafeSlow(room);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let offset = HEADER.copy(buffer, 0);
  for (const row of rows) {
    view.setInt16(offset, columns.length);
    offset += 2;
    for (const column of columns) {
      if (column.type === "text") {
        const length = buffer.write(column.of(row), offset + 4);
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
  view.setInt16(offset, -1);
  offset += 2;
  const exact = Buffer.allocUnsafeSlow(offset);
  buffer.copy(exact, 0, 0, offset);
  return exact;
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

/**
 * A `COPY … FROM STDIN` run on a client: the whole of `data` sent as soon as the server asks for
 * it, then the end of the copy. Done at ReadyForQuery, after every statement of `text` (more may
 * follow the COPY, run in the same round trip), or failed at the first error (the server then
 * skips the rest of the data and of `text`). A pg "submittable", as pg-copy-streams is.
 */
class CopyIn implements pg.Submittable {
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(
    private readonly text: string,
    private readonly data: Uint8Array,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: pg.Connection) {
    connection.query(this.text);
  }

  /**
   * The data written to the socket as it is, after a CopyData message's first 5 bytes (one writev):
   * pg's own sendCopyFromChunk copies it into its message buffer first, growing that buffer by
   * copies as well (~5 ms of the event loop per 5,000-event body, profiled).
   */
  handleCopyInResponse(connection: pg.Connection) {
    const { stream } = connection;
    if (!stream.writable) return; // pg reports the closed connection as the query's error
    stream.cork();
    stream.write(copyDataStart(this.data.byteLength));
    stream.write(Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength));
    stream.write(COPY_DONE);
    stream.uncork();
  }

  // pg hands this no ReadyForQuery after an error; it holds back the next query until one comes.
  handleError(error: unknown) {
    this.settle.reject(error);
  }

  handleReadyForQuery() {
    this.settle.resolve();
  }

  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/**
 * Runs `text`, whose COPY … FROM STDIN (FORMAT binary) reads `data` (toBinaryCopy), in one round
 * trip on a client (in its transaction, if one is open).
 */
export async function copyIn(client: pg.ClientBase, text: string, data: Uint8Array): Promise<void> {
  const copy = new CopyIn(text, data);
  void client.query(copy);
  await copy.done;
}

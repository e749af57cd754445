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
 * another thread.
 */
export function toBinaryCopy<R>(rows: R[], columns: CopyColumn<R>[]): Buffer {
  let room = HEADER.length + 2 + rows.length * (2 + columns.length * 4);
  for (const column of columns) {
    if (column.type === "int8") room += rows.length * INT8_BYTES;
    else for (const row of rows) room += 3 * column.of(row).length;
  }
  const buffer = Buffer.allocUnsafeSlow(room);
  let offset = HEADER.copy(buffer, 0);
  for (const row of rows) {
    offset = buffer.writeInt16BE(columns.length, offset);
    for (const column of columns) {
      if (column.type === "text") {
        const length = buffer.write(column.of(row), offset + 4);
        buffer.writeInt32BE(length, offset);
        offset += 4 + length;
      } else {
        const value = column.of(row);
        offset = buffer.writeInt32BE(value === null ? -1 : INT8_BYTES, offset);
        if (value !== null) offset = buffer.writeBigInt64BE(BigInt(value), offset);
      }
    }
  }
  offset = buffer.writeInt16BE(-1, offset);
  const exact = Buffer.allocUnsafeSlow(offset);
  buffer.copy(exact, 0, 0, offset);
  return exact;
}

/** The copy-in methods of pg's Connection (pg/lib/connection.js: a CopyData message, a CopyDone), left out of its types. */
type CopyingConnection = { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };

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

  handleCopyInResponse(connection: pg.Connection) {
    const copying = connection as unknown as CopyingConnection;
    copying.sendCopyFromChunk(Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength));
    copying.endCopyFrom();
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

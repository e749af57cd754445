import type pg from "pg";

/** A field of a binary COPY row as sent: its bytes (PostgreSQL's binary form of its type), or null. */
export type CopyField = Buffer | null;

/** The fixed start of PostgreSQL's binary COPY format: "PGCOPY\n\377\r\n\0", then flags and the header extension's length. */
const SIGNATURE_BYTES = 11;

/**
 * Reads a binary COPY's messages (its CopyData, in order), calling `onRow` with each row's fields;
 * see PostgreSQL's "COPY … Binary Format": a header, then per row an int16 field count and per field
 * an int32 length (-1 for NULL) and its bytes, then an int16 -1. The server sends each row as one
 * message ("Messages sent from the backend will always correspond to single data rows"), the header
 * with the first, so no row is split between messages and none needs joining to the next. A row's
 * fields point into its message: valid only during the call.
 */
export function binaryCopyReader(onRow: (fields: CopyField[]) => void): (message: Buffer) => void {
  let isFirst = true;
  return (bytes) => {
    let offset = 0;
    if (isFirst) {
      isFirst = false;
      offset = SIGNATURE_BYTES + 4;
      offset += 4 + bytes.readInt32BE(offset);
    }
    while (offset < bytes.length) {
      const fieldCount = bytes.readInt16BE(offset);
      offset += 2;
      if (fieldCount === -1) return;
      const row: CopyField[] = [];
      for (let i = 0; i < fieldCount; i++) {
        const length = bytes.readInt32BE(offset);
        offset += 4;
        row.push(length === -1 ? null : bytes.subarray(offset, offset + length));
        if (length !== -1) offset += length;
      }
      onRow(row);
    }
  };
}

/**
 * A `COPY (query) TO STDOUT (FORMAT binary)` run on a client, its rows read as their messages arrive:
 * pg hands copy data over as bytes, where it decodes every text field of a query's rows into a
 * JavaScript string (for request bodies made of stored items, that decoding and encoding the string
 * back cost more than the rest of the read). A pg "submittable", as pg-cursor and pg-copy-streams are.
 */
class CopyOut implements pg.Submittable {
  private readonly read: (message: Buffer) => void;
  private failure: unknown = null;
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(
    private readonly text: string,
    onRow: (fields: CopyField[]) => void,
  ) {
    this.read = binaryCopyReader(onRow);
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: pg.Connection) {
    connection.query(this.text);
  }

  // Read at once: pg's parser may reuse the memory a message was read into once it is handled.
  handleCopyData(message: { chunk: Buffer }) {
    if (this.failure) return;
    try {
      this.read(message.chunk);
    } catch (error) {
      this.failure = error; // thrown here it would break pg's parser; reported once the copy ends
    }
  }

  handleError(error: unknown) {
    this.settle.reject(this.failure ?? error);
  }

  handleReadyForQuery() {
    if (this.failure) this.settle.reject(this.failure);
    else this.settle.resolve();
  }

  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyInResponse() {}
}

/**
 * Runs `query` (a SELECT without parameters: COPY takes none) in one round trip, calling `onRow`
 * with each row's raw field bytes as it arrives (valid only during the call).
 */
export async function copyRowsOut(pool: pg.Pool, query: string, onRow: (fields: CopyField[]) => void): Promise<void> {
  const client = await pool.connect();
  try {
    const copy = new CopyOut(`COPY (${query}) TO STDOUT (FORMAT binary)`, onRow);
    client.query(copy);
    await copy.done;
    client.release();
  } catch (error) {
    // Its state unknown after a failed copy: not handed out again.
    client.release(error as Error);
    throw error;
  }
}

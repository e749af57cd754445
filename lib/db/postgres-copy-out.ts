import type pg from "pg";

/** A field of a binary COPY row as sent: its bytes (PostgreSQL's binary form of its type), or null. */
export type CopyField = Buffer | null;

/** The fixed start of PostgreSQL's binary COPY format: "PGCOPY\n\377\r\n\0", then flags and the header extension's length. */
const SIGNATURE_BYTES = 11;

/**
 * The rows of a binary COPY's messages (its CopyData, in order), each a list of its fields' bytes;
 * see PostgreSQL's "COPY … Binary Format": a header, then per row an int16 field count and per field
 * an int32 length (-1 for NULL) and its bytes, then an int16 -1. The server sends each row as one
 * message ("Messages sent from the backend will always correspond to single data rows"), the header
 * with the first, so no row is split between messages and none needs joining to the next.
 */
export function parseBinaryCopy(messages: Buffer[]): CopyField[][] {
  const rows: CopyField[][] = [];
  for (const [index, bytes] of messages.entries()) {
    let offset = 0;
    if (index === 0) {
      offset = SIGNATURE_BYTES + 4;
      offset += 4 + bytes.readInt32BE(offset);
    }
    while (offset < bytes.length) {
      const fieldCount = bytes.readInt16BE(offset);
      offset += 2;
      if (fieldCount === -1) return rows;
      const row: CopyField[] = [];
      for (let i = 0; i < fieldCount; i++) {
        const length = bytes.readInt32BE(offset);
        offset += 4;
        row.push(length === -1 ? null : bytes.subarray(offset, offset + length));
        if (length !== -1) offset += length;
      }
      rows.push(row);
    }
  }
  return rows;
}

/**
 * A `COPY (query) TO STDOUT (FORMAT binary)` run on a client, its output as bytes: pg hands copy
 * data over as bytes, where it decodes every text field of a query's rows into a JavaScript string
 * (for a request body joined by the database, that decoding and encoding the string back cost more
 * than the rest of the read). A pg "submittable", as pg-cursor and pg-copy-streams are.
 */
class CopyOut implements pg.Submittable {
  private readonly messages: Buffer[] = [];
  readonly done: Promise<Buffer[]>;
  private settle!: { resolve: (messages: Buffer[]) => void; reject: (error: unknown) => void };

  constructor(private readonly text: string) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: pg.Connection) {
    connection.query(this.text);
  }

  // A copy: pg's parser may reuse the memory a message was read into once it is handled.
  handleCopyData(message: { chunk: Buffer }) {
    this.messages.push(Buffer.from(message.chunk));
  }

  handleError(error: unknown) {
    this.settle.reject(error);
  }

  handleReadyForQuery() {
    this.settle.resolve(this.messages);
  }

  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyInResponse() {}
}

/** The rows of `query` (a SELECT without parameters: COPY takes none) as raw field bytes, in one round trip. */
export async function selectAsBinaryCopy(pool: pg.Pool, query: string): Promise<CopyField[][]> {
  const client = await pool.connect();
  try {
    const copy = new CopyOut(`COPY (${query}) TO STDOUT (FORMAT binary)`);
    client.query(copy);
    const messages = await copy.done;
    client.release();
    return parseBinaryCopy(messages);
  } catch (error) {
    // Its state unknown after a failed copy: not handed out again.
    client.release(error as Error);
    throw error;
  }
}

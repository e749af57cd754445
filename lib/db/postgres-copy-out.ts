import pg from "pg";

/** A field of a binary COPY row as sent: its bytes (PostgreSQL's binary form of its type), or null. */
export type CopyField = Buffer | null;

/**
 * A binary COPY row where it was read: field i's bytes are `bytes[starts[i]…starts[i] + lengths[i]]`,
 * its length -1 for NULL. One object for every row of a copy, valid only during the call: no
 * Buffer is made per field (a batch's 1000 rows of three fields made 3000 of them).
 */
export type CopyRow = { bytes: Buffer; starts: number[]; lengths: number[] };

/** The fixed start of PostgreSQL's binary COPY format: "PGCOPY\n\377\r\n\0", then flags and the header extension's length. */
const SIGNATURE_BYTES = 11;

/**
 * Reads a binary COPY's messages (its CopyData, in order), calling `onRow` with each row; see
 * PostgreSQL's "COPY … Binary Format": a header, then per row an int16 field count and per field
 * an int32 length (-1 for NULL) and its bytes, then an int16 -1. The server sends each row as one
 * message ("Messages sent from the backend will always correspond to single data rows"), the header
 * with the first, so no row is split between messages and none needs joining to the next. The row
 * points into its message: valid only during the call.
 */
export function binaryCopyRowReader(onRow: (row: CopyRow) => void): (message: Buffer) => void {
  let isFirst = true;
  const row: CopyRow = { bytes: Buffer.alloc(0), starts: [], lengths: [] };
  return (bytes) => {
    let offset = 0;
    if (isFirst) {
      isFirst = false;
      offset = SIGNATURE_BYTES + 4;
      offset += 4 + bytes.readInt32BE(offset);
    }
    row.bytes = bytes;
    while (offset < bytes.length) {
      const fieldCount = bytes.readInt16BE(offset);
      offset += 2;
      if (fieldCount === -1) return;
      row.starts.length = row.lengths.length = fieldCount;
      for (let i = 0; i < fieldCount; i++) {
        const length = bytes.readInt32BE(offset);
        offset += 4;
        row.starts[i] = offset;
        row.lengths[i] = length;
        if (length !== -1) offset += length;
      }
      onRow(row);
    }
  };
}

/** binaryCopyRowReader with each row's fields as Buffers, pointing into the message (valid only during the call): for reading a few rows, as tests do. */
export function binaryCopyReader(onRow: (fields: CopyField[]) => void): (message: Buffer) => void {
  return binaryCopyRowReader(({ bytes, starts, lengths }) =>
    onRow(starts.map((start, i) => (lengths[i] === -1 ? null : bytes.subarray(start, start + lengths[i]!)))),
  );
}

/** A row of a SELECT as pg gives it by default: its fields by name, each parsed by pg's parser of its type. */
export type SelectedRow = Record<string, unknown>;

/**
 * A `COPY (query) TO STDOUT (FORMAT binary)` run on a client, its rows read as their messages arrive:
 * pg hands copy data over as bytes, where it decodes every text field of a query's rows into a
 * JavaScript string (for request bodies made of stored items, that decoding and encoding the string
 * back cost more than the rest of the read). A pg "submittable", as pg-cursor and pg-copy-streams are.
 * When the text starts with a SELECT, its rows go to `onSelected` once it completes, before the copy's.
 */
class CopyOut implements pg.Submittable {
  private readonly read: (message: Buffer) => void;
  private failure: unknown = null;
  private parsers: { name: string; parse: (text: string) => unknown }[] = [];
  private selected: SelectedRow[] = [];
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(
    private readonly text: string,
    onRow: (row: CopyRow) => void,
    private readonly onSelected?: (rows: SelectedRow[]) => void,
  ) {
    this.read = binaryCopyRowReader(onRow);
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: pg.Connection) {
    connection.query(this.text);
  }

  /** Runs a caller's function on a message: thrown in pg's handler it would break pg's parser, so it is reported once the query ends. */
  private guard(handle: () => void) {
    if (this.failure) return;
    try {
      handle();
    } catch (error) {
      this.failure = error;
    }
  }

  // Read at once: pg's parser may reuse the memory a message was read into once it is handled.
  handleCopyData(message: { chunk: Buffer }) {
    this.guard(() => this.read(message.chunk));
  }

  handleRowDescription(message: { fields: { name: string; dataTypeID: number }[] }) {
    this.parsers = message.fields.map(({ name, dataTypeID }) => ({
      name,
      parse: pg.types.getTypeParser(dataTypeID, "text"),
    }));
  }

  handleDataRow(message: { fields: (string | null)[] }) {
    const row: SelectedRow = {};
    message.fields.forEach((text, i) => {
      const { name, parse } = this.parsers[i]!;
      row[name] = text === null ? null : parse(text);
    });
    this.selected.push(row);
  }

  /** The SELECT's end (the copy's comes after its data, once no select waits). */
  handleCommandComplete() {
    const { onSelected } = this;
    if (!onSelected || this.parsers.length === 0) return;
    this.parsers = [];
    this.guard(() => onSelected(this.selected));
  }

  handleError(error: unknown) {
    this.settle.reject(this.failure ?? error);
  }

  handleReadyForQuery() {
    if (this.failure) this.settle.reject(this.failure);
    else this.settle.resolve();
  }

  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyInResponse() {}
}

/**
 * Runs `query` (a SELECT without parameters: COPY takes none) in one round trip, calling `onRow`
 * with each row as it arrives (CopyRow: where its fields' bytes are, valid only during the call).
 * With `before`, that SELECT (its values written in) runs first in the same round trip, and its
 * rows go to `before.onSelected` ahead of the copy's.
 */
export async function copyRowsOut(
  pool: pg.Pool,
  query: string,
  onRow: (row: CopyRow) => void,
  before?: { select: string; onSelected: (rows: SelectedRow[]) => void },
): Promise<void> {
  const client = await pool.connect();
  try {
    const copy = `COPY (${query}) TO STDOUT (FORMAT binary)`;
    const out = new CopyOut(before ? `${before.select}; ${copy}` : copy, onRow, before?.onSelected);
    client.query(out);
    await out.done;
    client.release();
  } catch (error) {
    // Its state unknown after a failed copy: not handed out again.
    client.release(error as Error);
    throw error;
  }
}

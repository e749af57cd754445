import { describe, expect, it } from "vitest";
import { binaryCopyReader, type CopyField } from "./postgres-copy-out";

const HEADER = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(4), Buffer.alloc(4)]);
const TRAILER = Buffer.from([0xff, 0xff]);

/** A binary COPY row of text fields (null for NULL): an int16 field count, then per field its int32 length and bytes. */
function row(...fields: (string | null)[]): Buffer {
  const count = Buffer.alloc(2);
  count.writeInt16BE(fields.length);
  const parts = fields.flatMap((field) => {
    const length = Buffer.alloc(4);
    length.writeInt32BE(field === null ? -1 : Buffer.byteLength(field));
    return field === null ? [length] : [length, Buffer.from(field)];
  });
  return Buffer.concat([count, ...parts]);
}

/** The rows the reader calls back with for `messages`, as text (read during the call, as a caller must). */
function readRows(messages: Buffer[]): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const read = binaryCopyReader((fields: CopyField[]) => rows.push(fields.map((field) => field?.toString() ?? null)));
  for (const message of messages) read(message);
  return rows;
}

describe("binaryCopyReader", () => {
  it("reads the rows of the messages PostgreSQL sends: the header with the first row, each row alone, the trailer alone", () => {
    const messages = [Buffer.concat([HEADER, row("a", null)]), row("bé", "c"), TRAILER];
    expect(readRows(messages)).toEqual([
      ["a", null],
      ["bé", "c"],
    ]);
  });

  it("reads no row from a copy without any, and a header sent alone", () => {
    expect(readRows([Buffer.concat([HEADER, TRAILER])])).toEqual([]);
    expect(readRows([HEADER, row("x"), TRAILER])).toEqual([["x"]]);
  });
});

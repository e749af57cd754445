import { describe, expect, it } from "vitest";
import { parseBinaryCopy } from "./postgres-copy-out";

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

const text = (rows: (Buffer | null)[][]) => rows.map((fields) => fields.map((field) => field?.toString() ?? null));

describe("parseBinaryCopy", () => {
  it("reads the rows of the messages PostgreSQL sends: the header with the first row, each row alone, the trailer alone", () => {
    const messages = [Buffer.concat([HEADER, row("a", null)]), row("bé", "c"), TRAILER];
    expect(text(parseBinaryCopy(messages))).toEqual([
      ["a", null],
      ["bé", "c"],
    ]);
  });

  it("reads no row from a copy without any, and a header sent alone", () => {
    expect(parseBinaryCopy([Buffer.concat([HEADER, TRAILER])])).toEqual([]);
    expect(text(parseBinaryCopy([HEADER, row("x"), TRAILER]))).toEqual([["x"]]);
  });
});

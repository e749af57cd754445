import { describe, expect, it } from "vitest";
import { binaryCopyReader, type CopyField } from "./postgres-copy-out";
import { keptParts, toBinaryCopy } from "./postgres-copy-in";

const int16s = (...values: number[]) => Buffer.concat(values.map((v) => Buffer.from([(v >>> 8) & 0xff, v & 0xff])));
const int32s = (...values: number[]) =>
  Buffer.concat(values.map((v) => Buffer.from([v >>> 24, v >>> 16, v >>> 8, v].map((b) => b & 0xff))));
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

describe("toBinaryCopy", () => {
  it("writes rows in PostgreSQL's binary COPY format: header, per row its field count and each field's length and bytes (-1 for NULL), end", () => {
    const rows = [
      { name: 'é"', ms: 1 },
      { name: "", ms: null },
    ];
    const copy = toBinaryCopy(rows, [
      { type: "text", of: (row) => row.name },
      { type: "int8", of: (row) => row.ms },
    ]);
    // "é\"" is 3 bytes in UTF-8; an int8 is 8 bytes big-endian.
    expect(copy).toEqual(
      Buffer.concat([
        SIGNATURE,
        int32s(0, 0),
        int16s(2),
        int32s(3),
        Buffer.from('é"'),
        int32s(8, 0, 1),
        int16s(2),
        int32s(0),
        int32s(-1),
        int16s(-1),
      ]),
    );
  });

  it("writes texts of any length and characters as their UTF-8 bytes, read back as written", () => {
    const texts = ["a".repeat(70_000), "日本😀", "\ud800", ""];
    const copy = toBinaryCopy(texts, [{ type: "text", of: (text) => text }]);
    const read: CopyField[] = [];
    binaryCopyReader(([field]) => read.push(Buffer.from(field!)))(copy);
    expect(read).toEqual(texts.map((text) => Buffer.from(text)));
  });

  it("writes a text given in pieces, strings and UTF-8 bytes, as the text they make together", () => {
    const pieces = ['{"a":', Buffer.from('"é😀"'), ',"b":"ü"}'];
    const columns = [{ type: "text" as const, of: (row: typeof pieces) => row }];
    expect(toBinaryCopy([pieces], columns)).toEqual(
      toBinaryCopy(
        ['{"a":"é😀","b":"ü"}'],
        columns.map(() => ({ type: "text" as const, of: (text: string) => text })),
      ),
    );
  });

  it("writes int8s as 8 bytes big-endian, two's complement, however large or negative", () => {
    const values = [
      0,
      -1,
      2 ** 32,
      -(2 ** 32) - 1,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      -8_640_000_000_000_000,
    ];
    const copy = toBinaryCopy(values, [{ type: "int8", of: (value) => value }]);
    const read: bigint[] = [];
    binaryCopyReader(([field]) => read.push(field!.readBigInt64BE(0)))(copy);
    expect(read).toEqual(values.map((value) => BigInt(value)));
  });

  it("writes a copy in parts that make the whole together: the header with the first, the end with the last", () => {
    const texts = ["a", "é", "b", "c"];
    const columns = [{ type: "text" as const, of: (text: string) => text }];
    const parts = [
      toBinaryCopy(texts.slice(0, 1), columns, { hasEnd: false }),
      toBinaryCopy(texts.slice(1, 3), columns, { hasHeader: false, hasEnd: false }),
      toBinaryCopy(texts.slice(3), columns, { hasHeader: false }),
    ];
    expect(Buffer.concat(parts)).toEqual(toBinaryCopy(texts, columns));
  });

  it("writes into the memory it is given, whatever that held, and gives the start it wrote", () => {
    const texts = ["a".repeat(100), "é"];
    const columns = [{ type: "text" as const, of: (text: string) => text }];
    const memory = Buffer.alloc(4096, 0x7a);
    const copy = toBinaryCopy(texts, columns, {}, (room) => memory.subarray(0, room));
    expect(copy.buffer).toBe(memory.buffer);
    expect(copy.byteOffset).toBe(memory.byteOffset);
    expect(copy).toEqual(toBinaryCopy(texts, columns));
    expect(toBinaryCopy(["b"], columns, {}, () => memory)).toEqual(toBinaryCopy(["b"], columns));
  });

  it("writes the header and end alone for no rows", () => {
    expect(toBinaryCopy([], [{ type: "text", of: (text: string) => text }])).toEqual(
      Buffer.concat([SIGNATURE, int32s(0, 0), int16s(-1)]),
    );
  });
});

describe("keptParts", () => {
  it("sends parts kept as they came to a second copy, each asked for once, though the first copy stopped midway", async () => {
    let asked = 0;
    async function* parts() {
      for (let part = 0; part < 3; part++) {
        asked++;
        yield Buffer.from([part]);
      }
    }
    const data = keptParts(parts()) as AsyncIterable<Uint8Array>;
    const first: number[] = [];
    for await (const part of data) {
      first.push(part[0]!);
      if (first.length === 2) break;
    }
    const [second, third] = [[] as number[], [] as number[]];
    await Promise.all([
      (async () => {
        for await (const part of data) second.push(part[0]!);
      })(),
      (async () => {
        for await (const part of data) third.push(part[0]!);
      })(),
    ]);
    expect([first, second, third, asked]).toEqual([[0, 1], [0, 1, 2], [0, 1, 2], 3]);
  });
});

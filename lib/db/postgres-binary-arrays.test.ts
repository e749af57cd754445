import { describe, expect, it } from "vitest";
import { toBinaryArrays } from "./postgres-binary-arrays";

const int32s = (...values: number[]) =>
  Buffer.concat(values.map((v) => Buffer.from([v >>> 24, v >>> 16, v >>> 8, v].map((b) => b & 0xff))));

describe("toBinaryArrays", () => {
  it("writes each column as PostgreSQL's binary array: header, then each element's length and bytes (-1 for NULL)", () => {
    const rows = [
      { name: 'é"', ms: 1 },
      { name: "", ms: null },
    ];
    const [names, dates] = toBinaryArrays(rows, [
      { type: "text", of: (row) => row.name },
      { type: "int8", of: (row) => row.ms },
    ]);
    // 1 dimension, no NULL, text (oid 25), 2 elements from index 1; "é\"" is 3 bytes in UTF-8.
    expect(names).toEqual(Buffer.concat([int32s(1, 0, 25, 2, 1), int32s(3), Buffer.from('é"'), int32s(0)]));
    // A NULL among them, int8 (oid 20); 8 bytes big-endian.
    expect(dates).toEqual(Buffer.concat([int32s(1, 1, 20, 2, 1), int32s(8), int32s(0, 1), int32s(-1)]));
  });

  it("writes texts of any length and characters as their UTF-8 bytes", () => {
    const texts = ["a".repeat(70_000), "日本😀", "\ud800"];
    const [column] = toBinaryArrays(texts, [{ type: "text", of: (text) => text }]);
    const elements = texts.map((text) => Buffer.from(text));
    const expected = Buffer.concat([int32s(1, 0, 25, 3, 1), ...elements.flatMap((e) => [int32s(e.length), e])]);
    expect(column!.equals(expected)).toBe(true);
  });
});

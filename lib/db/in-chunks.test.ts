import { describe, expect, it } from "vitest";
import { inChunks, MAX_IN_LIST } from "./in-chunks";

describe("inChunks", () => {
  it("cuts a list into consecutive pieces of at most the size, keeping the order", () => {
    expect(inChunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inChunks([], 2)).toEqual([]);
    expect(inChunks(Array.from({ length: 2500 }, (_, i) => i)).map((chunk) => chunk.length)).toEqual([
      MAX_IN_LIST,
      MAX_IN_LIST,
      MAX_IN_LIST,
      MAX_IN_LIST,
      MAX_IN_LIST,
    ]);
  });
});

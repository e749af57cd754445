import { describe, expect, it } from "vitest";
import { createJoinedBody } from "./joined-body";
import { tagsEnding, withTags } from "./item-json";

const items = ['{"date":"2026-12-03T10:00:00.000Z","log_id":"a"}', '{"log_id":"é","message":"ß"}'];

describe("createJoinedBody", () => {
  it("joins items into a JSON array, byte for byte", () => {
    const joined = createJoinedBody(null);
    for (const item of items) joined.add(Buffer.from(item));
    const { body, largestItemBytes } = joined.finish();
    expect(body!.toString()).toBe(`[${items.join(",")}]`);
    expect(largestItemBytes).toBe(Math.max(...items.map((item) => Buffer.byteLength(item))));
  });

  it("ends each item in the stream's tags as withTags does, and counts them in the item's size", () => {
    const ending = tagsEnding('env:"prod",team:\\ops');
    const joined = createJoinedBody(Buffer.from(ending));
    for (const item of items) joined.add(Buffer.from(item));
    const tagged = items.map((item) => withTags(item, 'env:"prod",team:\\ops'));
    const { body, largestItemBytes } = joined.finish();
    expect(body!.toString()).toBe(`[${tagged.join(",")}]`);
    expect(largestItemBytes).toBe(Math.max(...tagged.map((item) => Buffer.byteLength(item))));
  });

  it("takes an item by its place in a larger buffer, as a copy's row gives it", () => {
    const message = Buffer.from(`xx${items[1]}yy`);
    const joined = createJoinedBody(Buffer.from(tagsEnding("env:a")));
    joined.add(message, 2, message.length - 2);
    expect(joined.finish().body!.toString()).toBe(`[${withTags(items[1]!, "env:a")}]`);
  });

  it("grows past its first room, and gives no body without items", () => {
    const large = Buffer.from(`{"message":"${"x".repeat(700 * 1024)}"}`);
    const joined = createJoinedBody(null);
    for (let i = 0; i < 3; i++) joined.add(large);
    expect(joined.finish().body!.toString()).toBe(`[${[large, large, large].join(",")}]`);
    expect(createJoinedBody(null).finish()).toEqual({ body: null, largestItemBytes: null });
  });
});

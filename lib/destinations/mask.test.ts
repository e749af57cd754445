import { describe, expect, it } from "vitest";
import { maskApiKeysIn } from "./mask";

describe("maskApiKeysIn", () => {
  it("replaces the stream's key, whatever its shape, by its masked form", () => {
    expect(maskApiKeysIn('{"error":"bad key Not-Hex_key-7781","echo":"Not-Hex_key-7781"}', "Not-Hex_key-7781")).toBe(
      '{"error":"bad key ••••7781","echo":"••••7781"}',
    );
  });

  it("replaces anything shaped like a Datadog key (32 hex characters)", () => {
    const other = "0123456789abcdefABCDEF0123456789";
    expect(maskApiKeysIn(`key=${other}; retry`, "stream-key-1111")).toBe("key=••••6789; retry");
  });

  it("leaves longer hex runs (hashes, ids) and other text alone", () => {
    const sha256 = "a".repeat(64);
    expect(maskApiKeysIn(`hash ${sha256} at 2026-12-01`, "stream-key-1111")).toBe(`hash ${sha256} at 2026-12-01`);
  });
});

import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { sealAsV1 } from "@/tests/support/legacy-secret";

const SECRET = crypto.randomBytes(32).toString("hex");
let box: typeof import("./secret-box");

beforeAll(async () => {
  process.env.LOGSTREAMS_SECRET = SECRET;
  box = await import("./secret-box");
});

describe("secret box", () => {
  it("binds a key to its stream: the ciphertext does not decrypt for another stream", () => {
    const sealed = box.encryptSecret("0123456789abcdef0123456789abcdef", "lst_a");
    expect(sealed).toMatch(/^v2\./);
    expect(box.decryptSecret(sealed, "lst_a")).toBe("0123456789abcdef0123456789abcdef");
    expect(() => box.decryptSecret(sealed, "lst_b")).toThrow(/encrypted for another stream/);
  });

  it("still reads a v1 key, written before keys were bound", () => {
    expect(box.decryptSecret(sealAsV1("old-key-1234", SECRET), "lst_any")).toBe("old-key-1234");
  });

  it("refuses a tampered or malformed ciphertext without showing it", () => {
    const sealed = box.encryptSecret("secret-key-9876", "lst_a");
    const [version, iv, tag, ciphertext] = sealed.split(".");
    const tampered = [version, iv, tag, Buffer.from("another-key!!!!").toString("base64url")].join(".");
    expect(() => box.decryptSecret(tampered, "lst_a")).toThrow(/cannot be decrypted/);
    expect(() => box.decryptSecret("v9.x.y.z", "lst_a")).toThrow(/Unreadable encrypted secret/);
    try {
      box.decryptSecret(tampered, "lst_a");
    } catch (error) {
      expect((error as Error).message).not.toContain(ciphertext);
    }
  });
});

import crypto from "node:crypto";

/** Auth0-style id: a prefix and 16 random base62-ish characters, e.g. `lst_0000000000012345`. */
export function newId(prefix: "lst" | "dfl" | "aud" | "tok" | "usr"): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = crypto.randomBytes(16);
  let suffix = "";
  for (const byte of bytes) suffix += alphabet[byte % alphabet.length];
  return `${prefix}_${suffix}`;
}

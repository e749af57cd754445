import crypto from "node:crypto";

/**
 * An API key sealed the way Log Streams did before keys were bound to their stream: `v1.` format,
 * AES-256-GCM without additional data, under the key derived from LOGSTREAMS_SECRET. For tests of
 * rows written by older versions.
 */
export function sealAsV1(plaintext: string, secret: string): string {
  const key = Buffer.from(crypto.hkdfSync("sha256", secret, "log-streams", "datadog-api-key", 32));
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"))].join(".");
}

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { resolveDatabase } from "@/lib/db/database-url";

const SECRET_FILE_NAME = "secret";
/** Bound to its stream: the stream id is the additional authenticated data. */
const BOUND_VERSION = "v2";
/** Written before keys were bound to their stream; still read, until start-up re-encrypts it (bindApiKeysToStreams). */
const UNBOUND_VERSION = "v1";
export const UNBOUND_SECRET_PREFIX = `${UNBOUND_VERSION}.`;

let cachedKey: Buffer | undefined;

/** LOGSTREAMS_SECRET, or one generated once into the data folder (mode 0600). */
function loadSecret(): string {
  const configured = env().LOGSTREAMS_SECRET;
  if (configured) return configured;
  const database = resolveDatabase(env().DATABASE_URL);
  const dataDir = database.kind === "sqlite" ? path.dirname(database.filePath) : path.resolve("data");
  const file = path.join(dataDir, SECRET_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}

function encryptionKey(): Buffer {
  cachedKey ??= Buffer.from(crypto.hkdfSync("sha256", loadSecret(), "log-streams", "datadog-api-key", 32));
  return cachedKey;
}

/** AES-256-GCM with the stream id as additional data; the result is `v2.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(plaintext: string, streamId: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(streamId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [BOUND_VERSION, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"))].join(".");
}

/** Whether `sealed` is in a format this version writes or reads (a newer version may write another, e.g. `v3.`). */
export function isKnownSecretFormat(sealed: string): boolean {
  const version = sealed.split(".", 1)[0];
  return version === BOUND_VERSION || version === UNBOUND_VERSION;
}

/** Decrypts a stream's key; throws (without showing the ciphertext) when it was sealed for another stream, under another secret, or altered. */
export function decryptSecret(sealed: string, streamId: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (!isKnownSecretFormat(sealed) || !iv || !tag || ciphertext === undefined)
    throw new Error("Unreadable encrypted secret");
  const decipher = crypto.createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  if (version === BOUND_VERSION) decipher.setAAD(Buffer.from(streamId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "The stored API key cannot be decrypted: it was encrypted for another stream or under another LOGSTREAMS_SECRET, or altered",
    );
  }
}

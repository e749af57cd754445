import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { hashPassword, hashToken, randomToken, tokenMatchesHash, verifyPassword } from "./hashing";
import { BREAK_GLASS_USER_ID } from "./users";

type Credential = {
  /** Setting key for the stored hash */
  key: string;
  variable: "LOGSTREAMS_ADMIN_PASSWORD" | "LOGSTREAMS_API_TOKEN" | "LOGSTREAMS_INGEST_TOKEN";
  label: string;
  generate: () => string;
  hash: (value: string) => Promise<string> | string;
};

const CREDENTIALS: Credential[] = [
  {
    key: "admin_password_hash",
    variable: "LOGSTREAMS_ADMIN_PASSWORD",
    label: "Admin password (user admin)",
    generate: () => randomToken(12),
    hash: hashPassword,
  },
  {
    key: "api_token_hash",
    variable: "LOGSTREAMS_API_TOKEN",
    label: "Management API token",
    generate: () => randomToken(),
    hash: hashToken,
  },
  {
    key: "ingest_token_hash",
    variable: "LOGSTREAMS_INGEST_TOKEN",
    label: "Ingestion token",
    generate: () => randomToken(),
    hash: hashToken,
  },
];

/**
 * Generates, stores (hashed) and prints once every credential that is neither configured nor
 * already stored. Returns the lines printed, for tests.
 */
export async function ensureCredentials(print: (line: string) => void = console.log): Promise<string[]> {
  const lines: string[] = [];
  for (const credential of CREDENTIALS) {
    if (env()[credential.variable]) continue;
    const existing = await db().setting.findUnique({ where: { key: credential.key } });
    if (existing) continue;
    const value = credential.generate();
    try {
      await db().setting.create({ data: { key: credential.key, value: await credential.hash(value) } });
    } catch {
      continue; // another process stored one first; it printed it
    }
    lines.push(`${credential.label}: ${value}   (shown once; set ${credential.variable} to choose your own)`);
  }
  if (lines.length > 0) {
    print("");
    print("Log Streams generated these credentials. Store them now; only their hashes are kept:");
    for (const line of lines) print(`  ${line}`);
    print("");
  }
  await endSessionsIfPasswordChanged(print);
  return lines;
}

const PASSWORD_STAMP_KEY = "admin_password_stamp";

/**
 * Every session of the break-glass admin ends when the admin password is not the one the sessions were opened with:
 * LOGSTREAMS_ADMIN_PASSWORD set, changed or removed, or a newly generated password. The stamp is a
 * salted scrypt hash of what identifies the password, so it gives nothing away. Without a stamp
 * (a new database, or one from a version before stamps) the current password is stamped and the
 * sessions are kept: nothing says the password changed.
 */
async function endSessionsIfPasswordChanged(print: (line: string) => void): Promise<void> {
  const configured = env().LOGSTREAMS_ADMIN_PASSWORD;
  const identity = configured ? `env:${configured}` : `stored:${(await storedHash("admin_password_hash")) ?? ""}`;
  const stamp = await storedHash(PASSWORD_STAMP_KEY);
  if (stamp && (await verifyPassword(identity, stamp))) return;
  const { count } = stamp
    ? await db().adminSession.deleteMany({ where: { userId: BREAK_GLASS_USER_ID } })
    : { count: 0 };
  const value = await hashPassword(identity);
  await db().setting.upsert({
    where: { key: PASSWORD_STAMP_KEY },
    create: { key: PASSWORD_STAMP_KEY, value },
    update: { value },
  });
  if (count > 0) print(`The admin password changed: ${count} dashboard session(s) ended.`);
}

async function storedHash(key: string): Promise<string | undefined> {
  return (await db().setting.findUnique({ where: { key } }))?.value;
}

async function verifyToken(
  presented: string,
  variable: "LOGSTREAMS_API_TOKEN" | "LOGSTREAMS_INGEST_TOKEN",
  key: string,
) {
  const configured = env()[variable];
  const expected = configured ? hashToken(configured) : await storedHash(key);
  return expected !== undefined && tokenMatchesHash(presented, expected);
}

export const verifyApiToken = (token: string) => verifyToken(token, "LOGSTREAMS_API_TOKEN", "api_token_hash");
export const verifyIngestToken = (token: string) => verifyToken(token, "LOGSTREAMS_INGEST_TOKEN", "ingest_token_hash");

export async function verifyAdminPassword(password: string): Promise<boolean> {
  const configured = env().LOGSTREAMS_ADMIN_PASSWORD;
  if (configured) return tokenMatchesHash(password, hashToken(configured));
  const stored = await storedHash("admin_password_hash");
  return stored ? verifyPassword(password, stored) : false;
}

// Upgrading from the last release: a database migrated only up to the migration before a change,
// with data, then this build's migrations and start-up on it.
import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { hashToken } from "@/lib/auth/hashing";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { credentialEnv, newCredentials, startAppServer, type AppServer } from "../support/app-server";
import { createDatabaseBefore, type LegacyDatabase } from "../support/legacy-database";

const HOUR_MS = 60 * 60_000;
/** DateTime as Prisma writes it on SQLite (and PostgreSQL reads). */
const timestamp = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString().replace("Z", "+00:00");

async function insertStream(legacy: LegacyDatabase, totals?: { delivered: number; failed: number }): Promise<string> {
  const id = `lst_${crypto.randomBytes(8).toString("hex")}`;
  const columns = `"id", "name", "type", "status", "filters", "region", "apiKeyEncrypted", "apiKeyLast4", "updatedAt"${totals ? `, "deliveredTotal", "failedTotal"` : ""}`;
  const values = [
    id,
    `upgrade ${id}`,
    "datadog",
    "active",
    "[]",
    "us",
    "v2.unused",
    "abcd",
    timestamp(0),
    ...(totals ? [totals.delivered, totals.failed] : []),
  ];
  await legacy.query(`INSERT INTO "LogStream" (${columns}) VALUES (${values.map(() => "?").join(", ")})`, values);
  return id;
}

async function countMinute(
  legacy: LegacyDatabase,
  streamId: string,
  msFromNow: number,
  delivered: number,
  failed: number,
) {
  await legacy.query(
    `INSERT INTO "StreamMinuteStat" ("streamId", "minute", "delivered", "failed") VALUES (?, ?, ?, ?)`,
    [streamId, timestamp(msFromNow), delivered, failed],
  );
}

async function totalsOf(legacy: LegacyDatabase, streamId: string) {
  const [row] = await legacy.query(`SELECT "deliveredTotal", "failedTotal" FROM "LogStream" WHERE "id" = ?`, [
    streamId,
  ]);
  return { delivered: Number(row!.deliveredTotal), failed: Number(row!.failedTotal) };
}

describe("the lifetime delivered and failed totals", () => {
  it("start from the per-minute counters kept before the upgrade, not from 0", async () => {
    const legacy = await createDatabaseBefore("stream_totals");
    const streamId = await insertStream(legacy);
    await countMinute(legacy, streamId, -2 * HOUR_MS, 1000, 3);
    await countMinute(legacy, streamId, -HOUR_MS, 250, 0);

    await legacy.upgrade();

    expect(await totalsOf(legacy, streamId)).toEqual({ delivered: 1250, failed: 3 });
  });

  it("on a database that has counted them since, gain only the minutes before they began", async () => {
    const legacy = await createDatabaseBefore("fill_stream_totals");
    const streamId = await insertStream(legacy, { delivered: 40, failed: 2 });
    await countMinute(legacy, streamId, -HOUR_MS, 1000, 3); // before the totals began
    await countMinute(legacy, streamId, HOUR_MS, 40, 2); // counted in the totals already

    await legacy.upgrade();

    expect(await totalsOf(legacy, streamId)).toEqual({ delivered: 1040, failed: 5 });
  });
});

describe("dashboard sessions", () => {
  const apps: AppServer[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.stop())));

  it("opened before the password stamp existed survive the first start after the upgrade", async () => {
    const legacy = await createDatabaseBefore("session_idle");
    const token = crypto.randomBytes(24).toString("base64url");
    await legacy.query(`INSERT INTO "AdminSession" ("id", "expiresAt", "createdAt") VALUES (?, ?, ?)`, [
      hashToken(token),
      timestamp(HOUR_MS),
      timestamp(-HOUR_MS),
    ]);
    await legacy.upgrade();

    const app = await startAppServer({
      DATABASE_URL: legacy.database.url,
      LOGSTREAMS_WORKER: "off",
      ...credentialEnv(newCredentials()),
    });
    apps.push(app);
    const page = await fetch(`${app.baseUrl}/log-streams`, {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
      redirect: "manual",
    });
    expect(page.status).toBe(200);
    expect(app.output()).not.toContain("session(s) ended");
  });
});

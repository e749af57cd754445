// A full disk while ingesting: 507 saying so, nothing of the body stored, and the same body
// accepted once space is freed. A real full disk: the app's database on a small tmpfs, filled
// with a ballast file. Mounting needs root (as in this project's CI container); without it the
// file is skipped.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appClient } from "../support/app-client";
import { countStoredEvents } from "../support/inspect-db";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";

/** Room for the database, its write-ahead log and the ballast. */
const DISK_BYTES = 16 * 1024 * 1024;
/** Left free by the ballast: far less than a 2,000-event body takes in the log. */
const FREE_BYTES_WHEN_FULL = 64 * 1024;

const diskDir = fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-small-disk-"));
const isMounted = mount(diskDir);
const ballast = path.join(diskDir, "ballast");
const credentials = newCredentials();
let app: AppServer;
let databaseUrl: string;

function mount(dir: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${DISK_BYTES}`, "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    fs.rmdirSync(dir);
    return false;
  }
}

beforeAll(async () => {
  if (!isMounted) return;
  const template = await createTempDatabase();
  if (template.kind !== "sqlite") return;
  const filePath = path.join(diskDir, "logstreams.db");
  fs.copyFileSync(template.filePath, filePath);
  databaseUrl = `file:${filePath}`;
  app = await startAppServer({ DATABASE_URL: databaseUrl, LOGSTREAMS_WORKER: "off", ...credentialEnv(credentials) });
});
afterAll(async () => {
  if (!isMounted) return;
  await app?.stop();
  execFileSync("umount", [diskDir]);
  fs.rmdirSync(diskDir);
});

function events(count: number) {
  const prefix = crypto.randomBytes(6).toString("hex");
  return Array.from({ length: count }, (_, i) => ({
    log_id: `${prefix}-${i}`,
    data: { type: "s", description: "Successful login", details: { padding: "x".repeat(1_000) } },
  }));
}

const post = (events: unknown[]) => appClient(app.baseUrl, credentials).ingest(events);

function fillDisk() {
  const { bavail, bsize } = fs.statfsSync(diskDir);
  fs.writeFileSync(ballast, Buffer.alloc(Math.max(0, bavail * bsize - FREE_BYTES_WHEN_FULL)));
}

describe.skipIf(!isMounted || Boolean(process.env.LOGSTREAMS_TEST_PG_URL))("POST /api/v2/logs on a full disk", () => {
  it("answers 507 saying the disk is full, stores nothing of the body, and accepts it once space is freed", async () => {
    expect((await post(events(10))).status).toBe(202);
    const body = events(2_000);
    const logIds = body.map((e) => e.log_id);

    fillDisk();
    const refused = await post(body);
    expect(refused.status).toBe(507);
    const error = refused.json;
    expect(error).toMatchObject({ statusCode: 507, error: "Insufficient Storage", errorCode: "insufficient_storage" });
    expect(error.message).toMatch(/disk is full.*Free space/);
    expect(await countStoredEvents(databaseUrl, logIds)).toBe(0);

    fs.rmSync(ballast);
    const accepted = await post(body);
    expect(accepted.status).toBe(202);
    expect(accepted.json).toEqual({ accepted: 2_000, duplicates: 0 });
    expect(await countStoredEvents(databaseUrl, logIds)).toBe(2_000);
    expect(app.output()).not.toMatch(/unhandled API error/);
  });
});

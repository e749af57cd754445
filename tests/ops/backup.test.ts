import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startIntakeServer, type IntakeServer } from "@/standins/intake-server";
import { appClient } from "../support/app-client";
import {
  credentialEnv,
  createTempDatabase,
  newCredentials,
  ROOT,
  startAppServer,
  type AppServer,
} from "../support/app-server";
import { uniqueEvents } from "../support/delivery";
import { fakeDatadogApiKey } from "../support/fake-key";

/** Runs `npm run backup -- …`'s command; resolves with its exit code and output. */
function runBackup(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["dist/backup.mjs", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-backup-"));

describe("npm run backup", () => {
  it("refuses PostgreSQL with one line pointing to pg_dump, and writes nothing", async () => {
    const target = path.join(tempDir(), "copy.db");
    const result = await runBackup([target], { DATABASE_URL: "postgresql://127.0.0.1:1/logstreams" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("pg_dump");
    expect(fs.existsSync(target)).toBe(false);
  });

  it("refuses a missing FILE, an existing one and the database itself", async () => {
    const database = await createTempDatabase();
    if (database.kind !== "sqlite") return;
    const existing = path.join(tempDir(), "existing.db");
    fs.writeFileSync(existing, "keep me");
    for (const args of [[], [existing], [database.filePath]]) {
      const result = await runBackup(args, { DATABASE_URL: database.url });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me");
  });

  it("writes a copy only its owner may read, and never through a symlink, even a dangling one", async () => {
    const database = await createTempDatabase();
    if (database.kind !== "sqlite") return;
    const dir = tempDir();
    const copy = path.join(dir, "copy.db");
    expect((await runBackup([copy], { DATABASE_URL: database.url })).code).toBe(0);
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);

    const linkTarget = path.join(dir, "elsewhere.db");
    const link = path.join(dir, "link.db");
    fs.symlinkSync(linkTarget, link);
    const result = await runBackup([link], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("symbolic link");
    expect(fs.existsSync(linkTarget)).toBe(false);
  });
});

describe("a backup taken while the app ingests", () => {
  const apps: AppServer[] = [];
  const intakes: IntakeServer[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(intakes.map((intake) => intake.close()));
  });

  async function startApp(databaseUrl: string, credentials: ReturnType<typeof newCredentials>) {
    const intake = await startIntakeServer();
    intakes.push(intake);
    // The copy holds the first app's lease on the stream: the restored app takes it over once it expires.
    const app = await startAppServer({
      DATABASE_URL: databaseUrl,
      DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
      LOGSTREAMS_LEASE_TTL_SECONDS: "2",
      ...credentialEnv(credentials),
    });
    apps.push(app);
    return { app, intake };
  }

  it("passes integrity_check, and the app started on it with the same secret lists the streams and delivers", async () => {
    const database = await createTempDatabase();
    if (database.kind !== "sqlite") return; // PostgreSQL: pg_dump (the test above)
    const credentials = newCredentials();
    const first = await startApp(database.url, credentials);
    const api = (app: AppServer) => appClient(app.baseUrl, credentials);
    const apiKey = fakeDatadogApiKey();
    const { json: created } = await api(first.app).createStream({
      name: `backup ${fakeDatadogApiKey().slice(0, 8)}`,
      type: "datadog",
      sink: { datadogApiKey: apiKey, datadogRegion: "eu" },
    });

    let isIngesting = true;
    let bodies = 0;
    const ingesting = (async () => {
      while (isIngesting) {
        const response = await api(first.app).ingest(uniqueEvents(500));
        expect(response.status).toBe(202);
        bodies++;
      }
    })();
    await vi.waitFor(() => expect(bodies).toBeGreaterThanOrEqual(3), { timeout: 30_000, interval: 10 });
    const copy = path.join(tempDir(), "copy.db");
    const result = await runBackup([copy], { DATABASE_URL: database.url });
    isIngesting = false;
    await ingesting;

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\(\d+\.\d MB\)/);
    expect(result.stdout).toContain("LOGSTREAMS_SECRET");
    const check = new Database(copy, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();

    await first.app.stop();
    const second = await startApp(`file:${copy}`, credentials);
    const { json: listed } = await api(second.app).listStreams();
    expect(listed.map((s: { id: string }) => s.id)).toContain(created.id);
    const events = uniqueEvents(5);
    expect((await api(second.app).ingest(events)).status).toBe(202);
    await vi.waitFor(
      async () => {
        const delivered = new Set(second.intake.received(apiKey).map((item) => item.log_id));
        for (const event of events) expect(delivered.has(event.log_id)).toBe(true);
      },
      { timeout: 30_000, interval: 100 },
    );
  });
});

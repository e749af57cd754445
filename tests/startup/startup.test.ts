import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appClient } from "../support/app-client";
import { createTempDatabase, ROOT, startAppServer } from "../support/app-server";

function checkEnv(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["dist/check-env.mjs"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe("first start", () => {
  it("generates the missing credentials, prints them once, and they work", async () => {
    const database = await createTempDatabase();
    const secret = "s".repeat(40);
    const env = { DATABASE_URL: database.url, LOGSTREAMS_SECRET: secret, LOGSTREAMS_WORKER: "off", LOG_LEVEL: "warn" };
    const first = await startAppServer(env);
    await new Promise((r) => setTimeout(r, 500));
    await first.stop();
    const output = first.output();
    const apiToken = output.match(/Management API token: (\S+)/)?.[1];
    expect(output).toMatch(/Admin password \(user admin\): \S+ .*set LOGSTREAMS_ADMIN_PASSWORD/);
    expect(output).toMatch(/Ingestion token: \S+ .*set LOGSTREAMS_INGEST_TOKEN/);
    expect(apiToken).toBeDefined();

    const second = await startAppServer(env);
    try {
      expect((await appClient(second.baseUrl, { apiToken }).listStreams()).status).toBe(200);
      expect(second.output()).not.toContain("generated these credentials");
    } finally {
      await second.stop();
    }
  });
});

describe("environment check", () => {
  it.each([
    [{ LOGSTREAMS_SECRET: "short" }, "LOGSTREAMS_SECRET"],
    [{ DATADOG_INTAKE_URL_TEMPLATE: "https://example.invalid/api/v2/logs" }, "DATADOG_INTAKE_URL_TEMPLATE"],
    [{ PORT: "not-a-port" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ LOGSTREAMS_WORKER: "maybe" }, "LOGSTREAMS_WORKER"],
  ])("stops with one line naming the variable for %o", (env, variable) => {
    const { status, stderr } = checkEnv(env);
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toContain(variable);
  });

  it("stops with one line naming both variables when the API and ingest tokens are equal", () => {
    const token = "same-token-for-both-0123456789";
    const { status, stderr } = checkEnv({ LOGSTREAMS_API_TOKEN: token, LOGSTREAMS_INGEST_TOKEN: token });
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toContain("LOGSTREAMS_API_TOKEN");
    expect(stderr).toContain("LOGSTREAMS_INGEST_TOKEN");
    expect(stderr).not.toContain(token);
  });

  it("passes a valid environment", () => {
    expect(checkEnv({ LOGSTREAMS_SECRET: "x".repeat(32) }).status).toBe(0);
  });
});

describe("GET /healthz", () => {
  it("answers 503 while migrations are not applied", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logstreams-empty-"));
    const app = await startAppServer(
      {
        DATABASE_URL: `file:${path.join(dir, "empty.db")}`,
        LOGSTREAMS_WORKER: "off",
        LOGSTREAMS_SECRET: "s".repeat(40),
      },
      { waitForHealthy: false },
    );
    try {
      const response = await fetch(`${app.baseUrl}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable" });
    } finally {
      await app.stop();
    }
  });
});

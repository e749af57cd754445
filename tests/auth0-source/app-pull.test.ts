import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startAuth0Standin } from "@/standins/auth0-standin";
import { startIntakeServer } from "@/standins/intake-server";
import { appClient } from "../support/app-client";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  ROOT,
  startAppServer,
  type AppServer,
} from "../support/app-server";

import { tenantLogs } from "./support";
import { fakeDatadogApiKey } from "../support/fake-key";

function checkEnv(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["dist/check-env.mjs"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe("the AUTH0_* variables", () => {
  it.each([
    [{ AUTH0_DOMAIN: "not a domain", AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "secret" }, "AUTH0_DOMAIN"],
    [
      { AUTH0_DOMAIN: "https://acme.us.auth0.com/api/v2", AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "secret" },
      "AUTH0_DOMAIN",
    ],
    [{ AUTH0_DOMAIN: "acme.us.auth0.com" }, "must be set together"],
    [{ AUTH0_LOGS_POLL_SECONDS: "0" }, "AUTH0_LOGS_POLL_SECONDS"],
    [{ AUTH0_LOGS_FROM: "900 1" }, "AUTH0_LOGS_FROM"],
  ])("stop start-up with one line for %o", (env, expected) => {
    const { status, stderr } = checkEnv(env);
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toContain(expected);
    expect(stderr).not.toContain("secret");
  });
});

describe("npm start with AUTH0_* set", () => {
  const stopping: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stopping.reverse()) await stop();
  });

  it("pulls the tenant's logs beside the dispatcher; a log also posted by webhook is delivered once", async () => {
    const tenant = await startAuth0Standin({
      clientSecret: "app-pull-client-secret-0123456789",
      rateLimit: { limit: 5, windowSeconds: 1 },
    });
    stopping.push(() => tenant.close());
    const intake = await startIntakeServer();
    stopping.push(() => intake.close());
    const credentials = newCredentials();
    const database = await createTempDatabase();
    const app: AppServer = await startAppServer({
      DATABASE_URL: database.url,
      DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
      AUTH0_DOMAIN: tenant.baseUrl,
      AUTH0_CLIENT_ID: tenant.clientId,
      AUTH0_CLIENT_SECRET: tenant.clientSecret,
      AUTH0_LOGS_POLL_SECONDS: "1",
      ...credentialEnv(credentials),
    });
    stopping.push(() => app.stop());
    const api = appClient(app.baseUrl, credentials);
    const apiKey = fakeDatadogApiKey();
    const created = await api.createStream({
      name: "pulled",
      type: "datadog",
      sink: { datadogApiKey: apiKey, datadogRegion: "us" },
    });
    expect(created.status).toBe(200);

    const logs = tenant.append(tenantLogs(320));
    const posted = await api.ingest(logs.slice(300).map((log) => ({ log_id: log.log_id, data: log })));
    expect(posted.status).toBe(202);

    await vi.waitFor(() => expect(intake.received(apiKey).length).toBeGreaterThanOrEqual(320), {
      timeout: 45_000,
      interval: 200,
    });
    const later = tenant.append(tenantLogs(7));
    await vi.waitFor(() => expect(intake.received(apiKey).length).toBeGreaterThanOrEqual(327), {
      timeout: 45_000,
      interval: 200,
    });
    const ids = intake.received(apiKey).map((item) => item.log_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set([...logs, ...later].map((log) => log.log_id)));
    expect(app.output()).not.toContain(tenant.clientSecret);
  });

  it("POST /api/dispatch pulls, then delivers what it pulled (web node without the in-process worker)", async () => {
    const tenant = await startAuth0Standin();
    stopping.push(() => tenant.close());
    const intake = await startIntakeServer();
    stopping.push(() => intake.close());
    const credentials = newCredentials();
    const app = await startAppServer({
      DATABASE_URL: (await createTempDatabase()).url,
      DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
      LOGSTREAMS_WORKER: "off",
      AUTH0_DOMAIN: tenant.baseUrl,
      AUTH0_CLIENT_ID: tenant.clientId,
      AUTH0_CLIENT_SECRET: tenant.clientSecret,
      ...credentialEnv(credentials),
    });
    stopping.push(() => app.stop());
    const api = appClient(app.baseUrl, credentials);
    const apiKey = fakeDatadogApiKey();
    expect(
      (
        await api.createStream({
          name: "dispatched",
          type: "datadog",
          sink: { datadogApiKey: apiKey, datadogRegion: "us" },
        })
      ).status,
    ).toBe(200);
    const logs = tenant.append(tenantLogs(150));

    const pass = await api.dispatch();
    expect(pass.status).toBe(200);
    expect(pass.json).toMatchObject({ delivered: 150, failed: 0 });
    expect(intake.received(apiKey).map((item) => item.log_id)).toEqual(logs.map((log) => log.log_id));
  });
});

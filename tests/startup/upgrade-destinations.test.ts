// Upgrading to destinations as plug-ins (migration 20261203110300_destinations): a Datadog stream
// saved by the release before keeps its columns and still delivers, and answers as it did.
import crypto from "node:crypto";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { intakeClient } from "@/standins/intake-client";
import { credentialEnv, newCredentials, startAppServer, type AppServer } from "../support/app-server";
import { uniqueEvents } from "../support/delivery";
import { createDatabaseBefore } from "../support/legacy-database";
import { sealAsV1 } from "../support/legacy-secret";

let app: AppServer | undefined;
afterAll(() => app?.stop());

describe("a Datadog stream saved before destinations became plug-ins", () => {
  it("still delivers after the upgrade, its key masked as before", async () => {
    const legacy = await createDatabaseBefore("destinations");
    const credentials = newCredentials();
    const apiKey = crypto.randomBytes(16).toString("hex");
    const id = `lst_${crypto.randomBytes(8).toString("hex")}`;
    await legacy.query(
      `INSERT INTO "LogStream" ("id", "name", "type", "status", "filters", "region", "apiKeyEncrypted", "apiKeyLast4", "datadogTags", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        `upgrade ${id}`,
        "datadog",
        "active",
        "[]",
        "eu",
        sealAsV1(apiKey, credentials.secret),
        apiKey.slice(-4),
        "env:prod",
        new Date().toISOString().replace("Z", "+00:00"),
      ],
    );
    await legacy.upgrade();
    app = await startAppServer({
      DATABASE_URL: legacy.database.url,
      DATADOG_INTAKE_URL_TEMPLATE: `${inject("intakeUrl")}/{site}/api/v2/logs`,
      ...credentialEnv(credentials),
    });

    const answer = await fetch(`${app.baseUrl}/api/v2/log-streams/${id}`, {
      headers: { authorization: `Bearer ${credentials.apiToken}` },
    });
    expect(await answer.json()).toMatchObject({
      id,
      type: "datadog",
      sink: { datadogApiKey: `••••${apiKey.slice(-4)}`, datadogRegion: "eu", datadogTags: "env:prod" },
    });

    const events = uniqueEvents(5);
    const ingested = await fetch(`${app.baseUrl}/api/v2/logs`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${credentials.ingestToken}` },
      body: JSON.stringify(events),
    });
    expect(ingested.status).toBe(202);
    const intake = intakeClient(inject("intakeUrl"));
    const { items, requests } = await vi.waitFor(
      async () => {
        const received = await intake.received(apiKey);
        expect(received.items.length).toBeGreaterThanOrEqual(events.length);
        return received;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(items.map((item) => item.log_id)).toEqual(events.map((e) => e.log_id));
    expect(items.every((item) => item.ddtags === "env:prod")).toBe(true);
    expect(requests.every((request) => request.site === "datadoghq.eu")).toBe(true);
  }, 120_000);
});

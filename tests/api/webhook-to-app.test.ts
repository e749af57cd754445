import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { intakeClient } from "@/standins/intake-client";
import { api, randomSuffix } from "../support/api";
import { appClient } from "../support/app-client";
import { fakeDatadogApiKey } from "../support/fake-key";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
  type TestCredentials,
} from "../support/app-server";
import { uniqueEvents } from "../support/delivery";

// A Custom Webhook stream from the suite's app (A) to another copy of this app (B): B's
// `POST /api/v2/logs` takes what A sends, in each format. B passes its events on to Datadog's stand-in, where the test reads them.
let appB: AppServer;
let credentialsB: TestCredentials;
const intake = intakeClient(inject("intakeUrl"));

beforeAll(async () => {
  const database = await createTempDatabase();
  credentialsB = newCredentials();
  appB = await startAppServer({
    DATABASE_URL: database.url,
    DATADOG_INTAKE_URL_TEMPLATE: `${inject("intakeUrl")}/{site}/api/v2/logs`,
    ...credentialEnv(credentialsB),
  });
}, 90_000);
afterAll(() => appB?.stop());

describe("a Custom Webhook stream to another copy of this app", () => {
  it.each(["JSONARRAY", "JSONLINES", "JSONOBJECT"] as const)("delivers every event in %s", async (format) => {
    const datadogKey = fakeDatadogApiKey();
    const onB = await appClient(appB.baseUrl, credentialsB).createStream({
      name: `from A ${randomSuffix()}`,
      type: "datadog",
      sink: { datadogApiKey: datadogKey, datadogRegion: "us" },
    });
    expect(onB.status).toBe(200);
    const toB = await api.createStream({
      name: `to B ${randomSuffix()}`,
      type: "http",
      sink: {
        httpEndpoint: `${appB.baseUrl}/api/v2/logs`,
        httpContentFormat: format,
        httpAuthorization: `Bearer ${credentialsB.ingestToken}`,
      },
    });
    expect(toB.status).toBe(200);
    expect(toB.json.sink.httpAuthorization).toBe(`••••${credentialsB.ingestToken.slice(-4)}`);

    const events = uniqueEvents(7);
    expect((await api.ingest(events)).status).toBe(202);

    // The stream takes every event A stores from now on, other test files' too: only this test's are compared.
    const ownIds = new Set(events.map((e) => e.log_id));
    const received = await vi.waitFor(
      async () => {
        const items = (await intake.received(datadogKey)).items.filter((item) => ownIds.has(item.log_id));
        expect(items.length).toBeGreaterThanOrEqual(events.length);
        return items;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(received.map((item) => item.log_id).sort()).toEqual(events.map((e) => e.log_id).sort());
    for (const item of received) expect(item.data).toEqual(events.find((e) => e.log_id === item.log_id)!.data);
    expect((await api.failures(toB.json.id)).json).toEqual([]);
    await api.deleteStream(toB.json.id);
  });
});

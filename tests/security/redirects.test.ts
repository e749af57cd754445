import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, testDispatcher, uniqueEvents } from "../support/delivery";
import { startRedirectingServer } from "../support/redirect";
import { fakeDatadogApiKey } from "../support/fake-key";

// Outgoing requests carry secrets (API keys, client secrets, webhook paths): each goes to the
// address an operator gave, never on to wherever that address redirects.

setUpDeliveryTests();
let server: Awaited<ReturnType<typeof startRedirectingServer>>;
beforeAll(async () => {
  server = await startRedirectingServer(307);
  // Before any lib code reads the environment (it is read once per process): Datadog's intake redirects.
  process.env.DATADOG_INTAKE_URL_TEMPLATE = `${server.url}/{site}/api/v2/logs`;
});
afterAll(() => server.close());

describe("a 307 answer is never followed", () => {
  it("alerts: the webhook's redirect fails the alert at once, naming the status; the target gets nothing", async () => {
    const { postAlert } = await import("@/lib/alerts/post-alert");
    const before = server.requests.length;
    const result = await postAlert(`${server.url}/services/T000/B000/secretpart`, "stream failing", {
      sleep: async () => {},
    });
    expect(result).toEqual({ ok: false, status: 307, attempts: 1 });
    expect(server.requests.length).toBe(before + 1);
    expect(server.target.requests).toEqual([]);
  });

  it("Datadog key check: unreachable, saying Datadog answered a redirect; the key never reaches the target", async () => {
    const { checkApiKey } = await import("@/lib/destinations/datadog/key-check");
    const apiKey = fakeDatadogApiKey();
    const result = await checkApiKey({ apiKey, region: "eu" }, { apiUrlTemplate: `${server.url}/{site}` });
    expect(result).toEqual({
      result: "unreachable",
      detail: expect.stringContaining("Datadog answered a redirect (307)"),
    });
    expect(JSON.stringify(result)).not.toContain(apiKey);
    expect(server.target.requests).toEqual([]);
  });

  it("Datadog delivery: the batch is not delivered; one failure is recorded at once (as a 4xx), saying the intake answered a redirect", async () => {
    const { stream, apiKey } = await createTestStream();
    await ingest(uniqueEvents(3));
    const before = server.requests.length;
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    const { db } = await import("@/lib/db/client");
    const failures = await db().deliveryFailure.findMany({ where: { streamId: stream.id } });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      statusCode: 307,
      attempts: 1,
      eventCount: 3,
      error: expect.stringContaining("answered a redirect (307)"),
    });
    expect(failures[0]!.error).not.toContain(apiKey);
    expect(server.requests.length).toBe(before + 1);
    expect(server.target.requests).toEqual([]);
    expect((await db().logStream.findUniqueOrThrow({ where: { id: stream.id } })).status).toBe("active");
  });

  it("Auth0: Test connection against a tenant that redirects says so; the client secret never reaches the target", async () => {
    const { saveSourceSettings } = await import("@/lib/sources/auth0/settings");
    const { testSourceConnection } = await import("@/lib/sources/auth0/test-connection");
    const clientSecret = `secret-${fakeDatadogApiKey()}`;
    await saveSourceSettings({ domain: server.url, clientId: "redirected-client", clientSecret });
    const result = await testSourceConnection({ domain: "", clientId: "", clientSecret: "" });
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`${server.url} answered a redirect (307)`);
    expect(result.message).not.toContain(clientSecret);
    expect(server.target.requests).toEqual([]);
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", url: "/oauth/token" });
  });
});

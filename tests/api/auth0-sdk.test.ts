import { LogStreamsClient } from "auth0/logStreams";
import { describe, expect, inject, it } from "vitest";
import { randomSuffix } from "../support/api";
import { fakeDatadogApiKey } from "../support/fake-key";

/** Auth0's own Node SDK (auth0@7), pointed at this server instead of a tenant. */
const client = new LogStreamsClient({ baseUrl: `${inject("appUrl")}/api/v2`, token: inject("apiToken"), maxRetries: 0 });

describe("Auth0's Node SDK against the Management API", () => {
  it("creates, lists, gets, updates and deletes a Datadog stream", async () => {
    const key = fakeDatadogApiKey();
    const name = `sdk ${randomSuffix()}`;
    const created = await client.create({ name, type: "datadog", sink: { datadogApiKey: key, datadogRegion: "eu" } } as never);
    expect(created).toMatchObject({ name, type: "datadog", status: "active", sink: { datadogApiKey: `••••${key.slice(-4)}`, datadogRegion: "eu" } });
    const id = (created as { id: string }).id;

    expect((await client.list()).map((s) => (s as { id: string }).id)).toContain(id);
    expect(await client.get(id)).toMatchObject({ id, name });

    const updated = await client.update(id, { status: "paused", sink: { datadogRegion: "us3" } } as never);
    expect(updated).toMatchObject({ id, status: "paused", sink: { datadogRegion: "us3", datadogApiKey: `••••${key.slice(-4)}` } });

    await client.delete(id);
    await expect(client.get(id)).rejects.toMatchObject({ statusCode: 404, body: { errorCode: "inexistent_log_stream" } });
  });

  it("round-trips the datadogTags extension of the sink", async () => {
    const key = fakeDatadogApiKey();
    const created = await client.create({ name: `sdk tags ${randomSuffix()}`, type: "datadog", sink: { datadogApiKey: key, datadogRegion: "us", datadogTags: "Env:Prod,team:iam" } } as never);
    expect(created).toMatchObject({ sink: { datadogApiKey: `••••${key.slice(-4)}`, datadogRegion: "us", datadogTags: "env:prod,team:iam" } });
    const id = (created as { id: string }).id;

    const fetched = (await client.get(id)) as unknown as { sink: Record<string, unknown> };
    expect(fetched.sink.datadogTags).toBe("env:prod,team:iam");
    const updated = await client.update(id, { sink: { ...fetched.sink, datadogTags: "env:staging" } } as never);
    expect(updated).toMatchObject({ sink: { datadogApiKey: `••••${key.slice(-4)}`, datadogTags: "env:staging" } });
    expect(await client.get(id)).toMatchObject({ sink: { datadogTags: "env:staging" } });

    await expect(client.update(id, { sink: { datadogTags: "service:web" } } as never)).rejects.toMatchObject({
      statusCode: 400,
      body: { statusCode: 400, error: "Bad Request", errorCode: "invalid_body", message: expect.stringContaining('tag "service:web" uses the reserved key service') },
    });
    await client.delete(id);
  });

  it("surfaces Auth0-shaped errors", async () => {
    await expect(client.create({ name: `sdk ${randomSuffix()}`, type: "http", sink: {} } as never)).rejects.toMatchObject({
      statusCode: 400,
      body: { statusCode: 400, error: "Bad Request", errorCode: "invalid_body" },
    });
  });
});

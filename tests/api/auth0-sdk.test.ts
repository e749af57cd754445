import crypto from "node:crypto";
import { LogStreamsClient } from "auth0/logStreams";
import { describe, expect, inject, it } from "vitest";
import { randomSuffix } from "../support/api";
import { fakeDatadogApiKey } from "../support/fake-key";

/** Auth0's own Node SDK (auth0@7), pointed at this server instead of a tenant. */
const client = new LogStreamsClient({
  baseUrl: `${inject("appUrl")}/api/v2`,
  token: inject("apiToken"),
  maxRetries: 0,
});

describe("Auth0's Node SDK against the Management API", () => {
  it("creates, lists, gets, updates and deletes a Datadog stream", async () => {
    const key = fakeDatadogApiKey();
    const name = `sdk ${randomSuffix()}`;
    const created = await client.create({
      name,
      type: "datadog",
      sink: { datadogApiKey: key, datadogRegion: "eu" },
    } as never);
    expect(created).toMatchObject({
      name,
      type: "datadog",
      status: "active",
      sink: { datadogApiKey: `••••${key.slice(-4)}`, datadogRegion: "eu" },
    });
    const id = (created as { id: string }).id;

    expect((await client.list()).map((s) => (s as { id: string }).id)).toContain(id);
    expect(await client.get(id)).toMatchObject({ id, name });

    const updated = await client.update(id, { status: "paused", sink: { datadogRegion: "us3" } } as never);
    expect(updated).toMatchObject({
      id,
      status: "paused",
      sink: { datadogRegion: "us3", datadogApiKey: `••••${key.slice(-4)}` },
    });

    await client.delete(id);
    await expect(client.get(id)).rejects.toMatchObject({
      statusCode: 404,
      body: { errorCode: "inexistent_log_stream" },
    });
  });

  it("round-trips the datadogTags extension of the sink", async () => {
    const key = fakeDatadogApiKey();
    const created = await client.create({
      name: `sdk tags ${randomSuffix()}`,
      type: "datadog",
      sink: { datadogApiKey: key, datadogRegion: "us", datadogTags: "Env:Prod,team:iam" },
    } as never);
    expect(created).toMatchObject({
      sink: { datadogApiKey: `••••${key.slice(-4)}`, datadogRegion: "us", datadogTags: "env:prod,team:iam" },
    });
    const id = (created as { id: string }).id;

    const fetched = (await client.get(id)) as unknown as { sink: Record<string, unknown> };
    expect(fetched.sink.datadogTags).toBe("env:prod,team:iam");
    const updated = await client.update(id, { sink: { ...fetched.sink, datadogTags: "env:staging" } } as never);
    expect(updated).toMatchObject({ sink: { datadogApiKey: `••••${key.slice(-4)}`, datadogTags: "env:staging" } });
    expect(await client.get(id)).toMatchObject({ sink: { datadogTags: "env:staging" } });

    await expect(client.update(id, { sink: { datadogTags: "service:web" } } as never)).rejects.toMatchObject({
      statusCode: 400,
      body: {
        statusCode: 400,
        error: "Bad Request",
        errorCode: "invalid_body",
        message: expect.stringContaining('tag "service:web" uses the reserved key service'),
      },
    });
    await client.delete(id);
  });

  it("creates, reads, updates and deletes a Custom Webhook stream, its Authorization masked in every answer", async () => {
    const token = `Bearer sdk-${randomSuffix()}-${randomSuffix()}`;
    const masked = `••••${token.slice(-4)}`;
    const sink = {
      httpEndpoint: "https://logs.example.com/auth0",
      httpContentType: "application/json",
      httpContentFormat: "JSONLINES",
      httpAuthorization: token,
      httpCustomHeaders: [{ header: "X-Env", value: "prod" }],
    };
    const created = await client.create({ name: `sdk http ${randomSuffix()}`, type: "http", sink } as never);
    expect(created).toMatchObject({ type: "http", status: "active", sink: { ...sink, httpAuthorization: masked } });
    const id = (created as { id: string }).id;

    const fetched = (await client.get(id)) as unknown as { sink: Record<string, unknown> };
    expect(fetched.sink).toEqual({ ...sink, httpAuthorization: masked });
    expect(JSON.stringify(await client.list())).not.toContain(token);

    // A GET → PATCH round trip sends the masked value back: the stored token stays.
    const updated = await client.update(id, { sink: { ...fetched.sink, httpContentFormat: "JSONOBJECT" } } as never);
    expect(updated).toMatchObject({
      sink: { httpContentFormat: "JSONOBJECT", httpAuthorization: masked, httpEndpoint: sink.httpEndpoint },
    });
    const retokened = await client.update(id, { sink: { httpAuthorization: "Basic bmV3OnRva2Vu" } } as never);
    expect(retokened).toMatchObject({
      sink: {
        httpAuthorization: "••••a2Vu",
        httpContentFormat: "JSONOBJECT",
        httpCustomHeaders: sink.httpCustomHeaders,
      },
    });

    await expect(
      client.update(id, { sink: { httpEndpoint: "http://logs.example.com/auth0" } } as never),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      client.update(id, { sink: { httpCustomHeaders: [{ header: "Host", value: "x" }] } } as never),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(client.update(id, { sink: { datadogApiKey: "x" } } as never)).rejects.toMatchObject({
      statusCode: 400,
    });
    await client.delete(id);
    await expect(client.get(id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("creates, reads, updates and deletes a Splunk stream, its HEC token masked in every answer", async () => {
    const token = crypto.randomUUID();
    const masked = `••••${token.slice(-4)}`;
    const sink = {
      splunkDomain: "http-inputs-acme.splunkcloud.com",
      splunkPort: "443",
      splunkToken: token,
      splunkSecure: true,
    };
    const created = await client.create({ name: `sdk splunk ${randomSuffix()}`, type: "splunk", sink } as never);
    expect(created).toMatchObject({ type: "splunk", status: "active", sink: { ...sink, splunkToken: masked } });
    const id = (created as { id: string }).id;

    const fetched = (await client.get(id)) as unknown as { sink: Record<string, unknown> };
    expect(fetched.sink).toEqual({ ...sink, splunkToken: masked });
    expect(JSON.stringify(await client.list())).not.toContain(token);

    // A GET → PATCH round trip sends the masked token back: the stored token stays.
    const updated = await client.update(id, { sink: { ...fetched.sink, splunkSecure: false } } as never);
    expect(updated).toMatchObject({
      sink: { splunkSecure: false, splunkPort: "443", splunkToken: masked, splunkDomain: sink.splunkDomain },
    });
    // The stored token goes only where it was saved for: another port needs it again.
    await expect(client.update(id, { sink: { ...fetched.sink, splunkPort: "8088" } } as never)).rejects.toMatchObject({
      statusCode: 400,
    });
    const retokened = await client.update(id, {
      sink: { splunkToken: "11111111-2222-3333-4444-55555555abcd" },
    } as never);
    expect(retokened).toMatchObject({
      sink: { splunkToken: "••••abcd", splunkSecure: false, splunkDomain: sink.splunkDomain },
    });

    await expect(
      client.update(id, { sink: { splunkDomain: "https://acme.splunkcloud.com/services" } } as never),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(client.update(id, { sink: { splunkPort: "80a" } } as never)).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(
      client.create({
        name: `sdk splunk ${randomSuffix()}`,
        type: "splunk",
        sink: { splunkDomain: "acme.splunkcloud.com" },
      } as never),
    ).rejects.toMatchObject({
      statusCode: 400,
      body: { errorCode: "invalid_body", message: expect.stringContaining("splunkToken") },
    });
    await client.delete(id);
    await expect(client.get(id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it.each(["segment", "mixpanel", "eventbridge", "eventgrid"])(
    "refuses a %s stream with a 400 naming the supported types",
    async (type) => {
      await expect(client.create({ name: `sdk ${randomSuffix()}`, type, sink: {} } as never)).rejects.toMatchObject({
        statusCode: 400,
        body: { errorCode: "invalid_body", message: expect.stringContaining("this server supports: datadog, http") },
      });
    },
  );

  it("surfaces Auth0-shaped errors", async () => {
    await expect(
      client.create({ name: `sdk ${randomSuffix()}`, type: "http", sink: {} } as never),
    ).rejects.toMatchObject({
      statusCode: 400,
      body: { statusCode: 400, error: "Bad Request", errorCode: "invalid_body" },
    });
  });
});

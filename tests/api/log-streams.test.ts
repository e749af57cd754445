import { describe, expect, inject, it } from "vitest";
import { api, newStreamBody, randomSuffix } from "../support/api";
import { appClient, type AppAnswer } from "../support/app-client";
import { fakeDatadogApiKey } from "../support/fake-key";

/** What a refused request must leave untouched: the streams with this name, or the one with this id. Other test files create streams in parallel. */
function watch(target: Record<string, unknown>) {
  return async () => {
    const { json } = await api.listStreams();
    return (json as { id: string; name: string }[]).filter((s) => s.name === target.name || s.id === target.id);
  };
}

/** Asserts an Auth0-shaped error and that what `watched` reads is exactly as before. */
async function expectRefused(
  send: () => Promise<AppAnswer>,
  status: number,
  message: RegExp,
  watched: () => Promise<unknown>,
) {
  const before = await watched();
  const response = await send();
  expect(response.status).toBe(status);
  expect(response.json).toEqual({
    statusCode: status,
    error: expect.any(String),
    message: expect.stringMatching(message),
    errorCode: expect.any(String),
  });
  expect(await watched()).toEqual(before);
  return response.json;
}

describe("Management API: streams", () => {
  it("creates, lists, gets, updates and deletes a stream with Auth0's shapes", async () => {
    const key = fakeDatadogApiKey();
    const created = await api.createStream(
      newStreamBody({
        sink: { datadogApiKey: key, datadogRegion: "EU" },
        isPriority: true,
        filters: [{ type: "category", name: "auth.login.fail" }],
      }),
    );
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      id: expect.stringMatching(/^lst_[0-9A-Za-z]{16}$/),
      name: expect.any(String),
      type: "datadog",
      status: "active",
      isPriority: true,
      filters: [{ type: "category", name: "auth.login.fail" }],
      sink: { datadogApiKey: `••••${key.slice(-4)}`, datadogRegion: "eu" },
    });
    expect(created.text).not.toContain(key);
    const id = created.json.id as string;

    const list = await api.listStreams();
    expect(list.status).toBe(200);
    expect(list.json).toContainEqual(created.json);
    expect(list.text).not.toContain(key);

    expect((await api.getStream(id)).json).toEqual(created.json);

    const patched = await api.patchStream(id, {
      status: "paused",
      sink: { datadogRegion: "US1-FED" },
      pii_config: { log_fields: ["email"], method: "hash", algorithm: "xxhash" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      status: "paused",
      sink: { datadogApiKey: `••••${key.slice(-4)}`, datadogRegion: "us1-fed" },
      pii_config: { log_fields: ["email"], method: "hash", algorithm: "xxhash" },
    });

    const deleted = await api.deleteStream(id);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await api.getStream(id)).status).toBe(404);
  });

  it("keeps the stored key when a PATCH omits it or sends the masked value back, and replaces it otherwise", async () => {
    const key = fakeDatadogApiKey();
    const { json: stream } = await api.createStream(
      newStreamBody({ sink: { datadogApiKey: key, datadogRegion: "us" } }),
    );
    const roundTrip = await api.patchStream(stream.id, { sink: stream.sink });
    expect(roundTrip.json.sink.datadogApiKey).toBe(`••••${key.slice(-4)}`);
    const newKey = fakeDatadogApiKey();
    const replaced = await api.patchStream(stream.id, { sink: { datadogApiKey: newKey } });
    expect(replaced.json.sink).toEqual({ datadogApiKey: `••••${newKey.slice(-4)}`, datadogRegion: "us" });
  });

  it("accepts every region and Datadog's names for them, answering the region value", async () => {
    const cases = {
      us: "us",
      EU1: "eu",
      us3: "us3",
      US5: "us5",
      ap1: "ap1",
      AP2: "ap2",
      uk1: "uk1",
      "us1-FED": "us1-fed",
      "US2-fed": "us2-fed",
      US1: "us",
    };
    for (const [input, region] of Object.entries(cases)) {
      const { json } = await api.createStream(
        newStreamBody({ sink: { datadogApiKey: fakeDatadogApiKey(), datadogRegion: input } }),
      );
      expect(json.sink.datadogRegion).toBe(region);
    }
  });

  it("records startFrom and returns it", async () => {
    const startFrom = "2026-11-01T00:00:00.000Z";
    const { json } = await api.createStream(newStreamBody({ startFrom }));
    expect(json.startFrom).toBe(startFrom);
  });
});

describe("Management API: bad input changes nothing", () => {
  it.each([
    ["an unknown property", { ...newStreamBody(), colour: "red" }, /Additional properties not allowed: colour/],
    [
      "an unsupported type, naming the supported ones",
      newStreamBody({ type: "segment" }),
      /unsupported log stream type 'segment'; this server supports: datadog, http/,
    ],
    [
      "a missing name",
      { type: "datadog", sink: { datadogApiKey: "k", datadogRegion: "us" } },
      /^Payload validation error: 'Missing required property: name'\.$/,
    ],
    [
      "a missing sink",
      { name: `api ${randomSuffix()}`, type: "datadog" },
      /^Payload validation error: 'Missing required property: sink'\.$/,
    ],
    [
      "a sink without its key",
      newStreamBody({ sink: { datadogRegion: "us" } }),
      /'Missing required property: datadogApiKey' on property sink\.$/,
    ],
    [
      "an unknown property in the sink",
      newStreamBody({ sink: { datadogApiKey: "k", datadogRegion: "us", colour: "red" } }),
      /'Additional properties not allowed: colour' on property sink\.$/,
    ],
    ["an empty name", newStreamBody({ name: "" }), /name is required/],
    ["a name over 128 characters", newStreamBody({ name: "n".repeat(129) }), /at most 128 characters/],
    ["a name with refused characters", newStreamBody({ name: "a/b" }), /may only contain/],
    ["a name of the wrong type", newStreamBody({ name: 42 }), /name must be a string/],
    ["an empty key", newStreamBody({ sink: { datadogApiKey: "", datadogRegion: "us" } }), /datadogApiKey is required/],
    [
      "an unknown region",
      newStreamBody({ sink: { datadogApiKey: "k", datadogRegion: "mars" } }),
      /unknown datadogRegion 'mars'/,
    ],
    [
      "an unknown filter category",
      newStreamBody({ filters: [{ type: "category", name: "auth.nope" }] }),
      /unknown filter category 'auth.nope'/,
    ],
    ["isPriority of the wrong type", newStreamBody({ isPriority: "yes" }), /isPriority must be a boolean/],
    [
      "a bad pii_config",
      newStreamBody({ pii_config: { log_fields: ["ssn"], method: "mask" } }),
      /unknown PII field 'ssn'/,
    ],
    ["a bad startFrom", newStreamBody({ startFrom: "yesterday" }), /startFrom must be an ISO 8601 date-time/],
  ])("POST with %s → 400", async (_label, body, message) => {
    const error = await expectRefused(() => api.createStream(body), 400, message, watch(body));
    expect(error.errorCode).toBe("invalid_body");
  });

  it("POST with malformed JSON → 400", async () => {
    await expectRefused(
      () => api.createStream('{"name": '),
      400,
      /Invalid request payload JSON format/,
      watch({ name: "" }),
    );
  });

  it("POST with an oversized body → 413", async () => {
    const body = newStreamBody({ name: "x".repeat(70_000) });
    await expectRefused(() => api.createStream(body), 413, /larger than/, watch(body));
  });

  it("a duplicate name → 409, on create and on rename", async () => {
    const first = newStreamBody();
    await api.createStream(first);
    const error = await expectRefused(
      () => api.createStream(newStreamBody({ name: first.name })),
      409,
      /already exists/,
      watch(first),
    );
    expect(error.errorCode).toBe("conflict");
    const { json: second } = await api.createStream(newStreamBody());
    await expectRefused(
      () => api.patchStream(second.id, { name: first.name }),
      409,
      /already exists/,
      watch({ id: second.id, name: first.name }),
    );
  });

  it("PATCH refuses type, startFrom, unknown properties, a bad status and 'suspended'", async () => {
    const { json: stream } = await api.createStream(newStreamBody());
    const cases: [object, RegExp][] = [
      [{ type: "http" }, /type cannot be changed/],
      [{ startFrom: "2026-01-01T00:00:00Z" }, /startFrom cannot be changed/],
      [{ foo: 1 }, /Additional properties not allowed: foo/],
      [{ status: "suspended" }, /status must be 'active' or 'paused'/],
      [{ sink: { datadogRegion: "mars" } }, /unknown datadogRegion/],
      [{ sink: { datadogApiKey: "" } }, /datadogApiKey is required/],
    ];
    for (const [body, message] of cases)
      await expectRefused(() => api.patchStream(stream.id, body), 400, message, watch({ id: stream.id }));
  });

  it("unknown ids → 404 on get, patch and delete", async () => {
    const calls = [
      (id: string) => api.getStream(id),
      (id: string) => api.patchStream(id, { isPriority: true }),
      (id: string) => api.deleteStream(id),
    ];
    for (const call of calls) {
      const id = `lst_doesnotexist${randomSuffix()}`;
      const error = await expectRefused(() => call(id), 404, /does not exist/, watch({ id }));
      expect(error.errorCode).toBe("inexistent_log_stream");
    }
  });

  it("no token, a wrong token or the ingestion token → 401", async () => {
    for (const token of [undefined, "not-the-token-at-all", inject("ingestToken")]) {
      const client = appClient(inject("appUrl"), { apiToken: token });
      const body = newStreamBody();
      await expectRefused(() => client.listStreams(), 401, /Missing authentication|Invalid token/, watch(body));
      await expectRefused(() => client.createStream(body), 401, /Missing authentication|Invalid token/, watch(body));
    }
  });
});

describe("GET /healthz", () => {
  it("answers ok without a token", async () => {
    const response = await fetch(`${inject("appUrl")}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

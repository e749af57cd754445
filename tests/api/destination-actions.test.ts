import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSplunkHec, type SplunkHec } from "@/standins/splunk-hec";
import { api, newStreamBody, randomSuffix } from "../support/api";
import { adminSessionCookie, callServerAction, serverActionIds } from "../support/server-actions";

// The dashboard's stream actions for every destination: validated as the API validates, a blank
// secret on Settings kept, and the credentials check run with the typed or the stored secret.
const STREAMS = "app/(admin)/log-streams/actions.ts";
const ids = serverActionIds();
const call = async (name: string, args: unknown) =>
  (await callServerAction(ids.get(`${STREAMS}#${name}`)!, [args], { cookie })).value as Record<string, unknown>;
let cookie = "";
let hec: SplunkHec;
beforeAll(async () => {
  cookie = await adminSessionCookie();
  hec = await startSplunkHec();
});
afterAll(() => hec.close());

const webhookSink = (secret: string) => ({
  httpEndpoint: "https://hooks.example.com/auth0",
  httpAuthorization: secret,
  httpContentFormat: "JSONLINES",
  httpCustomHeaders: [{ header: "X-Tenant", value: "acme" }],
});

describe("dashboard stream actions of each destination", () => {
  const splunkToken = crypto.randomUUID();
  const sumoToken = crypto.randomBytes(48).toString("base64url");
  it.each([
    { type: "http", secret: "Bearer action-secret-0001", sink: webhookSink("Bearer action-secret-0001") },
    {
      type: "splunk",
      secret: splunkToken,
      sink: { splunkDomain: "http-inputs-acme.splunkcloud.com", splunkPort: "443", splunkToken, splunkSecure: true },
    },
    {
      type: "sumo",
      secret: sumoToken,
      sink: { sumoSourceAddress: `https://endpoint4.collection.sumologic.com/receiver/v1/http/${sumoToken}` },
    },
  ])("createStreamAction creates a $type stream as the API does, its secret masked", async ({ type, secret, sink }) => {
    const created = await call(
      "createStreamAction",
      newStreamBody({ name: `action ${type} ${randomSuffix()}`, type, sink }),
    );
    expect(created).toMatchObject({ ok: true });
    const stream = (await api.getStream((created.data as { id: string }).id)).json as {
      type: string;
      sink: Record<string, unknown>;
    };
    expect(stream.type).toBe(type);
    expect(JSON.stringify(stream.sink)).not.toContain(secret);
  });

  it("createStreamAction refuses a bad sink with the API's words, on the field", async () => {
    const body = newStreamBody({ type: "http", sink: { httpEndpoint: "ftp://hooks.example.com/x" } });
    const refused = await call("createStreamAction", body);
    const viaApi = await api.createStream(body);
    expect(viaApi.status).toBe(400);
    expect(refused).toMatchObject({
      ok: false,
      code: "invalid_body",
      fieldErrors: { "sink.httpEndpoint": "httpEndpoint must be an https URL" },
    });
    expect((viaApi.json as { message: string }).message).toContain("httpEndpoint must be an https URL");
  });

  it("updateStreamAction on a webhook stream: a blank secret keeps the stored one, the rest is saved; a bad field is refused on it", async () => {
    const created = await api.createStream(
      newStreamBody({ type: "http", sink: webhookSink("Bearer kept-secret-0002") }),
    );
    const streamId = (created.json as { id: string }).id;
    const saved = await call("updateStreamAction", {
      streamId,
      name: `renamed ${randomSuffix()}`,
      sink: { ...webhookSink(""), httpContentFormat: "JSONOBJECT" },
    });
    expect(saved).toMatchObject({ ok: true });
    const sink = ((await api.getStream(streamId)).json as { sink: Record<string, unknown> }).sink;
    expect(sink).toMatchObject({ httpContentFormat: "JSONOBJECT" });
    expect(String(sink.httpAuthorization).endsWith("0002")).toBe(true);

    const refused = await call("updateStreamAction", {
      streamId,
      sink: { ...webhookSink(""), httpCustomHeaders: [{ header: "Host", value: "x" }] },
    });
    expect(refused).toMatchObject({
      ok: false,
      code: "invalid_body",
      fieldErrors: { "sink.httpCustomHeaders.0.header": expect.stringContaining("header 'Host' cannot be set") },
    });
  });

  it("checkCredentialsAction checks a Splunk token typed, or the stored one when left blank", async () => {
    const token = crypto.randomUUID();
    hec.addToken(token);
    const sink = { splunkDomain: hec.domain, splunkPort: hec.port, splunkSecure: false };
    expect(
      await call("checkCredentialsAction", { type: "splunk", sink: { ...sink, splunkToken: token } }),
    ).toMatchObject({ ok: true, data: { result: "valid" } });
    expect(
      await call("checkCredentialsAction", { type: "splunk", sink: { ...sink, splunkToken: crypto.randomUUID() } }),
    ).toMatchObject({ ok: true, data: { result: "invalid", statusCode: 403 } });

    const created = await api.createStream(newStreamBody({ type: "splunk", sink: { ...sink, splunkToken: token } }));
    const streamId = (created.json as { id: string }).id;
    expect(
      await call("checkCredentialsAction", { streamId, type: "splunk", sink: { ...sink, splunkToken: "" } }),
    ).toMatchObject({ ok: true, data: { result: "valid" } });
    expect(await call("checkCredentialsAction", { type: "http", sink: webhookSink("") })).toMatchObject({
      ok: false,
      message: "Custom Webhook has no credentials check.",
    });
    expect(await call("checkCredentialsAction", { streamId, type: "datadog", sink: {} })).toMatchObject({
      ok: false,
      code: "invalid_body",
    });
  });
});

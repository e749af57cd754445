import crypto from "node:crypto";
import { LogStreamsClient } from "auth0/logStreams";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { startSumoSource, type SumoSourceStandin } from "@/standins/sumo-source";
import { api, randomSuffix } from "../support/api";
import { adminSessionCookie } from "../support/server-actions";

/** Auth0's own Node SDK (auth0@7), pointed at this server instead of a tenant. */
const client = new LogStreamsClient({
  baseUrl: `${inject("appUrl")}/api/v2`,
  token: inject("apiToken"),
  maxRetries: 0,
});

const HOST = "endpoint1.collection.us2.sumologic.com";
const newToken = () => crypto.randomBytes(72).toString("base64url");
const addressOf = (token: string) => `https://${HOST}/receiver/v1/http/${token}`;
const maskedOf = (token: string) => `https://${HOST}/••••${token.slice(-4)}`;

let sumo: SumoSourceStandin;
beforeAll(async () => {
  sumo = await startSumoSource();
});
afterAll(() => sumo.close());

async function page(path: string) {
  const response = await fetch(`${inject("appUrl")}${path}`, { headers: { cookie: await adminSessionCookie() } });
  return { status: response.status, html: await response.text() };
}

describe("a Sumo Logic stream through the Management API", () => {
  it("is created, read, updated and deleted with Auth0's SDK, its address shown as host and last 4 characters", async () => {
    const token = newToken();
    const created = await client.create({
      name: `sdk sumo ${randomSuffix()}`,
      type: "sumo",
      sink: { sumoSourceAddress: addressOf(token) },
    } as never);
    expect(created).toMatchObject({ type: "sumo", status: "active", sink: { sumoSourceAddress: maskedOf(token) } });
    const id = (created as { id: string }).id;

    const fetched = (await client.get(id)) as unknown as { sink: Record<string, unknown> };
    expect(fetched.sink).toEqual({ sumoSourceAddress: maskedOf(token) });
    expect(JSON.stringify(await client.list())).not.toContain(token.slice(0, 40));

    // A GET → PATCH round trip sends the masked address back: the stored one stays.
    const renamed = await client.update(id, {
      name: `sdk sumo renamed ${randomSuffix()}`,
      sink: fetched.sink,
    } as never);
    expect(renamed).toMatchObject({ sink: { sumoSourceAddress: maskedOf(token) } });
    const other = newToken();
    const readdressed = await client.update(id, { sink: { sumoSourceAddress: addressOf(other) } } as never);
    expect(readdressed).toMatchObject({ sink: { sumoSourceAddress: maskedOf(other) } });

    for (const sumoSourceAddress of [`http://${HOST}/receiver/v1/http/${other}`, `https://${HOST}/`, "demo.sumo.com"]) {
      await expect(
        client.update(id, { sink: { sumoSourceAddress } } as never),
        sumoSourceAddress,
      ).rejects.toMatchObject({ statusCode: 400, body: { errorCode: "invalid_body" } });
    }
    await expect(client.update(id, { sink: { httpEndpoint: "https://x.example.com" } } as never)).rejects.toMatchObject(
      { statusCode: 400 },
    );
    expect(await client.get(id)).toMatchObject({ sink: { sumoSourceAddress: maskedOf(other) } });

    await client.delete(id);
    await expect(client.get(id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("never shows its token in failures, the stream's answers or pages, even when the source repeats it", async () => {
    const { token, address } = sumo.createSource();
    sumo.setFault(token, { status: 404, echoAddress: true });
    const { json: stream } = await api.createStream({
      name: `sumo pages ${randomSuffix()}`,
      type: "sumo",
      sink: { sumoSourceAddress: address },
    });
    expect(stream.sink.sumoSourceAddress).toBe(`${sumo.baseUrl}/••••${token.slice(-4)}`);
    const logId = `sumo-${randomSuffix()}`;
    expect((await api.ingest([{ log_id: logId, data: { type: "s", description: "Login" } }])).status).toBe(202);

    let failures: { error: string }[] = [];
    await vi.waitFor(
      async () => {
        failures = (await api.failures(stream.id)).json;
        expect(failures).toHaveLength(1);
      },
      { timeout: 20_000 },
    );
    expect(failures[0]!.error).toContain("fault 404");
    const secret = token.slice(0, 40);
    const answers = [JSON.stringify(failures), (await api.getStream(stream.id)).text, (await api.listStreams()).text];
    expect((await api.getStream(stream.id)).json).toMatchObject({ status: "suspended" });
    for (const path of ["/log-streams", `/log-streams/${stream.id}/settings`, `/log-streams/${stream.id}/health`]) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expect(html, path).toContain("Sumo Logic");
      answers.push(html);
    }
    for (const answer of answers) expect(answer).not.toContain(secret);
    await api.deleteStream(stream.id);
  });
});

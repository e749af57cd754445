import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/standins/webhook-receiver";
import { api, newStreamBody } from "../support/api";
import { adminSessionCookie, callServerAction, serverActionIds } from "../support/server-actions";

// A stored secret is write-only: nobody who may edit a stream can read it, so none may have it sent
// to another endpoint or host of their own by changing that field and leaving the secret out.
const STREAMS = "app/(admin)/log-streams/actions.ts";
const ids = serverActionIds();
const call = async (name: string, args: unknown) =>
  (await callServerAction(ids.get(`${STREAMS}#${name}`)!, [args], { cookie })).value as Record<string, unknown>;
let cookie = "";
let receiver: WebhookReceiver;
beforeAll(async () => {
  cookie = await adminSessionCookie();
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

const path = () => `/hook/${crypto.randomBytes(4).toString("hex")}`;

describe("a stored secret stays with where it was saved for", () => {
  it("a PATCH moving a webhook's endpoint without its Authorization is refused and changes nothing; with it, it is saved", async () => {
    const saved = receiver.urlFor(path());
    const created = await api.createStream(
      newStreamBody({ type: "http", sink: { httpEndpoint: saved, httpAuthorization: "Bearer stays-here-0001" } }),
    );
    const id = (created.json as { id: string }).id;
    const elsewhere = receiver.urlFor(path());

    for (const sink of [{ httpEndpoint: elsewhere }, { httpEndpoint: elsewhere, httpAuthorization: "••••0001" }]) {
      const refused = await api.patchStream(id, { sink });
      expect(refused.status).toBe(400);
      expect((refused.json as { message: string }).message).toContain(
        "Changing httpEndpoint needs httpAuthorization again",
      );
    }
    expect(((await api.getStream(id)).json as { sink: { httpEndpoint: string } }).sink.httpEndpoint).toBe(saved);

    const moved = await api.patchStream(id, {
      sink: { httpEndpoint: elsewhere, httpAuthorization: "Bearer new-place-0002" },
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ sink: { httpEndpoint: elsewhere, httpAuthorization: "••••0002" } });
  });

  it("Send test event and Check with a stream's stored secret go only where it was saved for", async () => {
    const saved = receiver.urlFor(path());
    const created = await api.createStream(
      newStreamBody({ type: "http", sink: { httpEndpoint: saved, httpAuthorization: "Bearer stays-here-0003" } }),
    );
    const streamId = (created.json as { id: string }).id;
    const elsewhere = path();

    const refused = await call("sendTestEventAction", {
      streamId,
      type: "http",
      sink: { httpEndpoint: receiver.urlFor(elsewhere), httpAuthorization: "" },
    });
    expect(refused).toMatchObject({
      ok: false,
      code: "invalid_body",
      message: expect.stringContaining("needs httpAuthorization again"),
    });
    expect(receiver.requests(elsewhere)).toEqual([]);

    const splunk = await api.createStream(
      newStreamBody({
        type: "splunk",
        sink: { splunkDomain: "http-inputs-acme.splunkcloud.com", splunkToken: crypto.randomUUID() },
      }),
    );
    const checked = await call("checkCredentialsAction", {
      streamId: (splunk.json as { id: string }).id,
      type: "splunk",
      sink: { splunkDomain: "127.0.0.1", splunkToken: "" },
    });
    expect(checked).toMatchObject({
      ok: false,
      code: "invalid_body",
      message: expect.stringContaining("Changing splunkDomain needs splunkToken again"),
    });

    expect(
      await call("sendTestEventAction", {
        streamId,
        type: "http",
        sink: { httpEndpoint: saved, httpAuthorization: "" },
      }),
    ).toMatchObject({ ok: true });
    expect(receiver.requests(new URL(saved).pathname)[0]!.headers.authorization).toBe("Bearer stays-here-0003");
  });
});

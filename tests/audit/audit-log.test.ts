import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, newStreamBody, randomSuffix } from "../support/api";
import { appClient } from "../support/app-client";
import { fakeDatadogApiKey } from "../support/fake-key";
import { findSecretsIn } from "../support/secret-scan";
import { adminSessionCookie, callServerAction, serverActionIds } from "../support/server-actions";

const STREAMS = "app/(admin)/log-streams/actions.ts";
const LOGIN = "app/login/actions.ts";
const HEADER = "app/(admin)/actions.ts";

type Record = {
  id: string;
  at: string;
  actor: { kind: string; name: string };
  address: string | null;
  action: string;
  target: { type: string; id: string | null; name: string | null };
  changes: { [field: string]: unknown } | null;
};

/** The audit records of one target (id, name or type), newest first, through the API. */
async function recordsOf(target: string): Promise<Record[]> {
  const response = await api.auditLog(`target=${encodeURIComponent(target)}&per_page=100`);
  expect(response.status).toBe(200);
  return response.json as Record[];
}

/** Every secret this file hands the app; none may appear in any audit record. */
const secrets: string[] = [];
const secret = <T extends string>(value: T): T => (secrets.push(value), value);

/** A failure row for `streamId`, written straight into the app's database, so that replay and Retry all have something to send. */
async function insertFailure(streamId: string): Promise<string> {
  const { db } = await import("@/lib/db/client");
  const { newId } = await import("@/lib/db/ids");
  const id = newId("dfl");
  await db().deliveryFailure.create({
    data: {
      id,
      streamId,
      attempts: 4,
      statusCode: 503,
      error: "HTTP 503",
      eventCount: 1,
      firstLogId: "a",
      lastLogId: "a",
      eventSeqs: "[]",
    },
  });
  return id;
}

describe("the audit log", () => {
  const ids = serverActionIds();
  const action = (key: string) => ids.get(key)!;
  let cookie = "";

  beforeAll(async () => {
    cookie = await adminSessionCookie();
  });

  it("records every change made through the API, with the token as actor and its address, newest first", async () => {
    const key = secret(fakeDatadogApiKey());
    const created = await api.createStream(newStreamBody({ sink: { datadogApiKey: key, datadogRegion: "us" } }));
    expect(created.status).toBe(200);
    const { id, name } = created.json as { id: string; name: string };
    const renamed = `${name} renamed`;
    const newKey = secret(fakeDatadogApiKey());
    expect(
      (await api.patchStream(id, { name: renamed, sink: { datadogApiKey: newKey, datadogTags: "env:audit" } })).status,
    ).toBe(200);
    // The same key again, and nothing else: no change, no record.
    expect((await api.patchStream(id, { sink: { datadogApiKey: newKey } })).status).toBe(200);
    expect((await api.patchStream(id, { status: "paused" })).status).toBe(200);
    expect((await api.patchStream(id, { status: "active" })).status).toBe(200);
    const failureId = await insertFailure(id);
    expect((await api.replay(id, failureId)).status).toBe(202);
    const skipped = await api.skip(id);
    expect(skipped.status).toBe(200);
    expect((await api.deleteStream(id)).status).toBe(204);

    const records = await recordsOf(id);
    expect(records.map((r) => r.action)).toEqual([
      "stream.deleted",
      "stream.skipped",
      "stream.failure_replayed",
      "stream.resumed",
      "stream.paused",
      "stream.updated",
      "stream.created",
    ]);
    for (const record of records)
      expect(record).toMatchObject({
        actor: { kind: "token", name: "LOGSTREAMS_API_TOKEN" },
        address: "127.0.0.1",
        target: { type: "stream", id },
      });
    const byAction = new Map(records.map((r) => [r.action, r]));
    expect(byAction.get("stream.created")).toMatchObject({
      target: { name },
      changes: { name, status: "active", "sink.datadogRegion": "us" },
    });
    expect(byAction.get("stream.updated")!.changes).toEqual({
      name: { from: name, to: renamed },
      "sink.datadogTags": { from: null, to: "env:audit" },
      "sink.datadogApiKey": "changed",
    });
    expect(byAction.get("stream.paused")!.changes).toEqual({ status: { from: "active", to: "paused" } });
    expect(byAction.get("stream.resumed")!.changes).toEqual({ status: { from: "paused", to: "active" } });
    expect(byAction.get("stream.failure_replayed")!.changes).toEqual({ failureId, eventCount: 1 });
    expect(byAction.get("stream.skipped")!.changes).toEqual({ skipped: skipped.json.skipped });
    expect(byAction.get("stream.deleted")).toMatchObject({ target: { name: renamed }, changes: null });
  });

  it("records every change made in the dashboard (server actions), with the signed-in user as actor", async () => {
    const name = `audit dashboard ${randomSuffix()}`;
    const created = await callServerAction(
      action(`${STREAMS}#createStreamAction`),
      [newStreamBody({ name, sink: { datadogApiKey: secret(fakeDatadogApiKey()), datadogRegion: "us" } })],
      { cookie },
    );
    expect(created.value).toMatchObject({ ok: true });
    const { id } = (created.value as { data: { id: string } }).data;
    const update = {
      streamId: id,
      name,
      isPriority: true,
      filters: [],
      pii_config: null,
      sink: { datadogApiKey: secret(fakeDatadogApiKey()), datadogRegion: "eu", datadogTags: "" },
    };
    expect((await callServerAction(action(`${STREAMS}#updateStreamAction`), [update], { cookie })).value).toMatchObject(
      { ok: true },
    );
    expect(
      (
        await callServerAction(action(`${STREAMS}#setStreamStatusAction`), [{ streamId: id, status: "paused" }], {
          cookie,
        })
      ).value,
    ).toMatchObject({ ok: true });
    expect(
      (
        await callServerAction(action(`${STREAMS}#setStreamStatusAction`), [{ streamId: id, status: "active" }], {
          cookie,
        })
      ).value,
    ).toMatchObject({ ok: true });
    expect(
      (
        await callServerAction(
          action(`${STREAMS}#sendTestEventAction`),
          [{ streamId: id, type: "datadog", sink: { datadogRegion: "eu" } }],
          { cookie },
        )
      ).value,
    ).toMatchObject({ ok: true });
    const failureId = await insertFailure(id);
    expect(
      (await callServerAction(action(`${STREAMS}#replayFailureAction`), [{ streamId: id, failureId }], { cookie }))
        .value,
    ).toMatchObject({ ok: true });
    await insertFailure(id);
    expect(
      (await callServerAction(action(`${STREAMS}#replayAllFailuresAction`), [{ streamId: id }], { cookie })).value,
    ).toMatchObject({ ok: true, data: { failed: 2 } });
    expect(
      (await callServerAction(action(`${STREAMS}#skipToNowAction`), [{ streamId: id }], { cookie })).value,
    ).toMatchObject({ ok: true });
    expect(
      (
        await callServerAction(action(`${STREAMS}#deleteStreamAction`), [{ streamId: id, confirmation: name }], {
          cookie,
        })
      ).value,
    ).toMatchObject({ ok: true });

    const records = await recordsOf(id);
    expect(records.map((r) => r.action)).toEqual([
      "stream.deleted",
      "stream.skipped",
      "stream.failures_retried",
      "stream.failure_replayed",
      "stream.test_event_sent",
      "stream.resumed",
      "stream.paused",
      "stream.updated",
      "stream.created",
    ]);
    for (const record of records)
      expect(record).toMatchObject({
        actor: { kind: "user", name: "admin" },
        address: "127.0.0.1",
        target: { type: "stream", id, name },
      });
    const byAction = new Map(records.map((r) => [r.action, r]));
    expect(byAction.get("stream.updated")!.changes).toEqual({
      isPriority: { from: false, to: true },
      "sink.datadogRegion": { from: "us", to: "eu" },
      "sink.datadogApiKey": "changed",
    });
    expect(byAction.get("stream.test_event_sent")!.changes).toEqual({
      type: "datadog",
      accepted: true,
      statusCode: 202,
    });
    expect(byAction.get("stream.failures_retried")!.changes).toEqual({ delivered: 0, failed: 2, skipped: 0 });
  });

  it("records sign-in success and failure (a name other than admin as unknown: it may be a password) and sign-out", async () => {
    const signIn = action(`${LOGIN}#signIn`);
    // A password typed into the user name field must not be kept.
    const stranger = secret(`nobody-${randomSuffix()}`);
    const wrongPassword = secret(`wrong-${randomSuffix()}`);
    const since = Date.now() - 1000;
    const failed = await callServerAction(signIn, [null, { username: stranger, password: wrongPassword }], {
      path: "/login",
    });
    expect(failed.value).toMatchObject({ ok: false, code: "unauthorized" });
    expect(await recordsOf(stranger)).toEqual([]);
    const failures = (await recordsOf("session")).filter(
      (r) => Date.parse(r.at) >= since && r.action === "session.sign_in_failed",
    );
    expect(failures).toContainEqual(
      expect.objectContaining({
        actor: { kind: "user", name: "(unknown user)" },
        address: "127.0.0.1",
        target: expect.objectContaining({ type: "session", name: "(unknown user)" }),
      }),
    );

    const succeeded = await callServerAction(signIn, [null, { username: "admin", password: inject("adminPassword") }], {
      path: "/login",
    });
    expect(succeeded.redirect).toMatch(/^\/log-streams/);
    await callServerAction(action(`${HEADER}#signOut`), [], { cookie: await adminSessionCookie() });
    const sessions = (await recordsOf("session")).filter((r) => Date.parse(r.at) >= since && r.actor.name === "admin");
    expect(sessions.map((r) => r.action)).toEqual(expect.arrayContaining(["session.signed_in", "session.signed_out"]));
  });

  it("filters by actor, target and action, pages, and refuses a bad query with 400", async () => {
    const { json: stream } = await api.createStream(newStreamBody());
    for (const status of ["paused", "active", "paused"])
      expect((await api.patchStream(stream.id, { status })).status).toBe(200);
    const all = await recordsOf(stream.id);
    expect(all.map((r) => r.action)).toEqual(["stream.paused", "stream.resumed", "stream.paused", "stream.created"]);

    const paused = await api.auditLog(`target=${stream.id}&action=stream.paused`);
    expect(paused.json.map((r: Record) => r.id)).toEqual([all[0]!.id, all[2]!.id]);
    const page1 = await api.auditLog(`target=${stream.name}&per_page=3&page=1`);
    expect(page1.json.map((r: Record) => r.id)).toEqual([all[3]!.id]);
    const byActor = await api.auditLog(`actor=LOGSTREAMS_API_TOKEN&target=${stream.id}&page=0`);
    expect(byActor.json).toHaveLength(4);
    expect((await api.auditLog(`actor=system&target=${stream.id}`)).json).toEqual([]);
    // Empty values are no filter.
    expect((await api.auditLog(`actor=&action=&target=${stream.id}`)).json).toHaveLength(4);

    for (const query of [
      "action=stream.nothing",
      "action=constructor",
      "page=-1",
      "page=100001",
      "per_page=1000",
      "page=abc",
      "unknown=1",
    ]) {
      const response = await api.auditLog(`${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json, query).toMatchObject({ statusCode: 400, errorCode: "invalid_body" });
    }
    expect((await appClient(inject("appUrl")).auditLog()).status).toBe(401);
  });

  it("holds no secret in any record: keys, tokens, the password (the settings' secrets: audit-settings.test.ts)", async () => {
    const { db } = await import("@/lib/db/client");
    const text = (await db().auditRecord.findMany()).map((row) => JSON.stringify(row)).join("\n");
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    expect(secrets.filter((value) => text.includes(value))).toEqual([]);
    expect(
      findSecretsIn(text, {
        apiToken: inject("apiToken"),
        ingestToken: inject("ingestToken"),
        adminPassword: inject("adminPassword"),
        secret: inject("apiToken"),
      }),
    ).toEqual([]);
  });
});

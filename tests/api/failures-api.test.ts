import crypto from "node:crypto";
import { describe, expect, inject, it, vi } from "vitest";
import { intakeClient } from "@/standins/intake-client";
import { api, newStreamBody } from "../support/api";
import { appClient } from "../support/app-client";
import { fakeDatadogApiKey } from "../support/fake-key";

const intake = intakeClient(inject("intakeUrl"));

/** What the intake received for `key` of `logIds`: other files' events of the same category may reach these streams too. */
async function receivedOf(key: string, logIds: string[]) {
  return (await intake.received(key)).items.map((i) => i.log_id).filter((logId) => logIds.includes(logId));
}

async function ingest(logIds: string[]) {
  const events = logIds.map((logId) => ({
    log_id: logId,
    data: { type: "actions_execution_failed", description: "Action failed" },
  }));
  expect((await api.ingest(events)).status).toBe(202);
}

describe("failures and replay API", () => {
  it("lists a stream's failures newest first and replays one", async () => {
    const key = fakeDatadogApiKey();
    // Other test files share the app: a filter on a category they seldom send keeps most of their
    // events (which would take the injected faults) out of this stream; receivedOf drops the rest.
    const filters = [{ type: "category", name: "actions" }];
    const { json: stream } = await api.createStream(
      newStreamBody({ sink: { datadogApiKey: key, datadogRegion: "us" }, filters }),
    );
    await intake.setFault(key, { status: 400, times: 2 });
    const prefix = crypto.randomBytes(4).toString("hex");
    const first = [`${prefix}-a1`, `${prefix}-a2`];
    await ingest(first);
    await vi.waitFor(async () => expect((await api.failures(stream.id)).json).toHaveLength(1), { timeout: 10_000 });
    const second = [`${prefix}-b1`];
    await ingest(second);
    await vi.waitFor(async () => expect((await api.failures(stream.id)).json).toHaveLength(2), { timeout: 10_000 });

    const { status, json: failures } = await api.failures(stream.id);
    expect(status).toBe(200);
    expect(failures[0]).toEqual({
      id: expect.stringMatching(/^dfl_/),
      occurredAt: expect.any(String),
      attempts: 1,
      statusCode: 400,
      error: expect.stringContaining("Injected fault 400"),
      eventCount: 1,
      firstLogId: second[0],
      lastLogId: second[0],
      replayedAt: null,
      replayResult: null,
      replayError: null,
    });
    expect(failures[1]).toMatchObject({ eventCount: 2, firstLogId: first[0], lastLogId: first[1] });

    const replay = await api.replay(stream.id, failures[1].id);
    expect(replay.status).toBe(202);
    await vi.waitFor(async () => {
      const { json } = await api.failures(stream.id);
      expect(json[1]).toMatchObject({ replayResult: "delivered", replayedAt: expect.any(String) });
    });
    expect(await receivedOf(key, [...first, ...second])).toEqual(first);
  });

  it("replays a failure once: a second replay gets 409, and so does one for a paused stream", async () => {
    const key = fakeDatadogApiKey();
    const filters = [{ type: "category", name: "actions" }];
    const { json: stream } = await api.createStream(
      newStreamBody({ sink: { datadogApiKey: key, datadogRegion: "us" }, filters }),
    );
    await intake.setFault(key, { status: 400, times: 1 });
    const logIds = [`${crypto.randomBytes(4).toString("hex")}-r1`];
    await ingest(logIds);
    await vi.waitFor(async () => expect((await api.failures(stream.id)).json).toHaveLength(1), { timeout: 10_000 });
    const [failure] = (await api.failures(stream.id)).json;
    const replay = () => api.replay(stream.id, failure.id);

    await api.patchStream(stream.id, { status: "paused" });
    expect(await replay()).toMatchObject({
      status: 409,
      json: {
        statusCode: 409,
        errorCode: "stream_not_active",
        message: expect.stringContaining("The stream is paused"),
      },
    });
    await api.patchStream(stream.id, { status: "active" });

    const answers = await Promise.all([replay(), replay()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    await vi.waitFor(async () =>
      expect((await api.failures(stream.id)).json[0]).toMatchObject({ replayResult: "delivered" }),
    );
    expect(await replay()).toMatchObject({ status: 409, json: { errorCode: "already_replayed" } });
    expect(await receivedOf(key, logIds)).toEqual(logIds);
  });

  it("pages with page and per_page", async () => {
    const { json: stream } = await api.createStream(newStreamBody());
    const { status, json } = await api.failures(stream.id, { page: 0, per_page: 5 });
    expect(status).toBe(200);
    expect(json).toEqual([]);
    expect((await api.failures(stream.id, { per_page: 1000 })).status).toBe(400);
  });

  it("answers 404 for unknown streams and failures, 401 without a token", async () => {
    const { json: stream } = await api.createStream(newStreamBody());
    expect((await api.failures("lst_unknown")).json).toMatchObject({
      statusCode: 404,
      errorCode: "inexistent_log_stream",
    });
    expect((await api.replay("lst_unknown", "dfl_x")).status).toBe(404);
    expect((await api.replay(stream.id, "dfl_unknown")).json).toMatchObject({
      statusCode: 404,
      errorCode: "inexistent_failure",
    });
    const withoutToken = appClient(inject("appUrl"));
    expect((await withoutToken.failures(stream.id)).status).toBe(401);
    expect((await withoutToken.replay(stream.id, "dfl_x")).status).toBe(401);
  });
});

import crypto from "node:crypto";
import { describe, expect, inject, it, vi } from "vitest";
import { intakeClient } from "@/standins/intake-client";
import { api, newStreamBody } from "../support/api";
import { appClient } from "../support/app-client";
import { fakeDatadogApiKey } from "../support/fake-key";

const intake = intakeClient(inject("intakeUrl"));

async function ingest(logIds: string[]) {
  const events = logIds.map((logId) => ({ log_id: logId, data: { type: "fsa", description: "Login required" } }));
  expect((await api.ingest(events)).status).toBe(202);
}

describe("POST /api/v2/log-streams/:id/skip", () => {
  it("moves the stream's place to the newest event: the waiting events are never sent, later ones are", async () => {
    const key = fakeDatadogApiKey();
    // Other test files share the app: a category no other file filters on keeps its streams apart.
    const { json: stream } = await api.createStream(
      newStreamBody({
        sink: { datadogApiKey: key, datadogRegion: "us" },
        filters: [{ type: "category", name: "auth.silent_auth.fail" }],
      }),
    );
    expect((await api.patchStream(stream.id, { status: "paused" })).status).toBe(200);
    const prefix = crypto.randomBytes(4).toString("hex");
    await ingest([`${prefix}-old1`, `${prefix}-old2`, `${prefix}-old3`]);

    const skipped = await api.skip(stream.id);
    expect(skipped.status).toBe(200);
    expect(skipped.json).toEqual({ skipped: expect.any(Number) });
    // At least this test's three; events other test files store meanwhile wait after the same place.
    expect(skipped.json.skipped).toBeGreaterThanOrEqual(3);

    expect((await api.patchStream(stream.id, { status: "active" })).status).toBe(200);
    const fresh = [`${prefix}-new1`, `${prefix}-new2`];
    await ingest(fresh);
    // This test's events only: another file's events of the same category may reach the stream too.
    const ownLogIds = async () =>
      (await intake.received(key)).items.map((i) => i.log_id).filter((id) => id.startsWith(prefix));
    await vi.waitFor(async () => expect(await ownLogIds()).toEqual(fresh), { timeout: 15_000 });
  });

  it("answers 404 for an unknown stream and 401 without the token, skipping nothing", async () => {
    expect((await api.skip("lst_0000000000000000")).status).toBe(404);
    const { json: stream } = await api.createStream(newStreamBody());
    expect((await appClient(inject("appUrl")).skip(stream.id)).status).toBe(401);
  });
});

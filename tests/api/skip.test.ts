import crypto from "node:crypto";
import { describe, expect, inject, it, vi } from "vitest";
import { intakeClient } from "@/standins/intake-client";
import { api, apiKeyFor, newStreamBody } from "../support/api";

const intake = intakeClient(inject("intakeUrl"));

async function ingest(logIds: string[]) {
  const events = logIds.map((logId) => ({ log_id: logId, data: { type: "fsa", description: "Login required" } }));
  const response = await fetch(`${inject("appUrl")}/api/v2/logs`, { method: "POST", headers: { authorization: `Bearer ${inject("ingestToken")}` }, body: JSON.stringify(events) });
  expect(response.status).toBe(202);
}

describe("POST /api/v2/log-streams/:id/skip", () => {
  it("moves the stream's place to the newest event: the waiting events are never sent, later ones are", async () => {
    const key = apiKeyFor();
    // Other test files share the app: a category no other file filters on keeps its streams apart.
    const { json: stream } = await api("POST", "/api/v2/log-streams", newStreamBody({ sink: { datadogApiKey: key, datadogRegion: "us" }, filters: [{ type: "category", name: "auth.silent_auth.fail" }] }));
    expect((await api("PATCH", `/api/v2/log-streams/${stream.id}`, { status: "paused" })).status).toBe(200);
    const prefix = crypto.randomBytes(4).toString("hex");
    await ingest([`${prefix}-old1`, `${prefix}-old2`, `${prefix}-old3`]);

    const skipped = await api("POST", `/api/v2/log-streams/${stream.id}/skip`);
    expect(skipped.status).toBe(200);
    expect(skipped.json).toEqual({ skipped: expect.any(Number) });
    // At least this test's three; events other test files store meanwhile wait after the same place.
    expect(skipped.json.skipped).toBeGreaterThanOrEqual(3);

    expect((await api("PATCH", `/api/v2/log-streams/${stream.id}`, { status: "active" })).status).toBe(200);
    const fresh = [`${prefix}-new1`, `${prefix}-new2`];
    await ingest(fresh);
    // This test's events only: another file's events of the same category may reach the stream too.
    const ownLogIds = async () => (await intake.received(key)).items.map((i) => i.log_id).filter((id) => id.startsWith(prefix));
    await vi.waitFor(async () => expect(await ownLogIds()).toEqual(fresh), { timeout: 15_000 });
  });

  it("answers 404 for an unknown stream and 401 without the token, skipping nothing", async () => {
    expect((await api("POST", "/api/v2/log-streams/lst_0000000000000000/skip")).status).toBe(404);
    const { json: stream } = await api("POST", "/api/v2/log-streams", newStreamBody());
    expect((await api("POST", `/api/v2/log-streams/${stream.id}/skip`, undefined, null)).status).toBe(401);
  });
});

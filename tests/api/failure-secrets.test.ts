import crypto from "node:crypto";
import { describe, expect, inject, it, vi } from "vitest";
import { intakeClient } from "@/standins/intake-client";
import { maskApiKey } from "@/lib/destinations/mask";
import { api, newStreamBody } from "../support/api";
import { fakeDatadogApiKey } from "../support/fake-key";

const intake = intakeClient(inject("intakeUrl"));

/** Far more than the app may read of an answer: buffering it would be obvious. */
const HUGE_ANSWER_BYTES = 256 * 1024 * 1024;

async function ingestOne() {
  const logId = `secrets-${crypto.randomBytes(4).toString("hex")}`;
  const events = [{ log_id: logId, data: { type: "s", description: "Login" } }];
  expect((await api.ingest(events)).status).toBe(202);
}

/** A stream whose next delivery meets `fault`; its single failure once recorded. */
async function failureAfter(apiKey: string, fault: Parameters<typeof intake.setFault>[1]) {
  const { json: stream } = await api.createStream(
    newStreamBody({ sink: { datadogApiKey: apiKey, datadogRegion: "us" } }),
  );
  await intake.setFault(apiKey, fault);
  await ingestOne();
  let failures: { error: string }[] = [];
  await vi.waitFor(
    async () => {
      failures = (await api.failures(stream.id)).json;
      expect(failures).toHaveLength(1);
    },
    { timeout: 20_000 },
  );
  return failures[0]!;
}

describe("an intake answer in a failure", () => {
  it("never shows the stream's API key, even when the intake echoes it", async () => {
    const apiKey = `Proxy-Key_${crypto.randomBytes(6).toString("hex")}`;
    const failure = await failureAfter(apiKey, { status: 400, echoApiKey: true, times: 1 });
    expect(failure.error).toContain("Injected fault 400");
    expect(failure.error).not.toContain(apiKey);
    expect(failure.error).toContain(maskApiKey(apiKey.slice(-4)));
  });

  it("is read up to 64 KB, masked, then cut to 2,000 characters", async () => {
    const apiKey = fakeDatadogApiKey();
    const failure = await failureAfter(apiKey, {
      status: 400,
      echoApiKey: true,
      answerBytes: HUGE_ANSWER_BYTES,
      times: 1,
    });
    expect(failure.error.startsWith(`Injected large answer (DD-API-KEY: ${maskApiKey(apiKey.slice(-4))}) xxx`)).toBe(
      true,
    );
    expect(failure.error).not.toContain(apiKey);
    expect(failure.error).toHaveLength(2_000);
    // The app closed the connection after its 64 KB: the intake could not write the rest.
    let sent: number | undefined;
    await vi.waitFor(async () => {
      sent = (await intake.received(apiKey)).requests[0]?.answerBytesSent;
      expect(sent).toBeDefined();
    });
    expect(sent).toBeLessThan(HUGE_ANSWER_BYTES / 8);
  });
});

import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { maskApiKey } from "@/lib/destinations/mask";
import { createTestStream, ingest, setUpDeliveryTests, testDispatcher } from "../support/delivery";
import { sealAsV1 } from "../support/legacy-secret";

const context = setUpDeliveryTests();

const oneEvent = () => [
  { log_id: `bound-${crypto.randomBytes(4).toString("hex")}`, data: { type: "s", description: "Success Login" } },
];

describe("an API key bound to its stream", () => {
  it("is not sent for another stream when its ciphertext is copied to that stream's row", async () => {
    const { db } = await import("@/lib/db/client");
    const { decryptSecret } = await import("@/lib/crypto/secret-box");
    const { stream: owner, apiKey: ownerKey } = await createTestStream();
    const { stream: other } = await createTestStream();
    // Only the other stream delivers: any request with the owner's key comes from the moved ciphertext.
    await db().logStream.update({ where: { id: owner.id }, data: { status: "paused" } });
    await db().logStream.update({ where: { id: other.id }, data: { apiKeyEncrypted: owner.apiKeyEncrypted } });
    await ingest(oneEvent());

    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();

    expect(context.intake.requests(ownerKey)).toEqual([]);
    expect(() => decryptSecret(owner.apiKeyEncrypted, other.id)).toThrow(/encrypted for another stream/);
  });

  it("is bound once, by bindApiKeysToStreams, when stored unbound (v1), and its old failures lose the key", async () => {
    const { db } = await import("@/lib/db/client");
    const { decryptSecret } = await import("@/lib/crypto/secret-box");
    const { bindApiKeysToStreams } = await import("@/lib/streams/bind-api-keys");
    const { stream, apiKey } = await createTestStream();
    await db().logStream.update({
      where: { id: stream.id },
      data: { apiKeyEncrypted: sealAsV1(apiKey, process.env.LOGSTREAMS_SECRET!) },
    });
    const failureId = `dfl_legacy_${crypto.randomBytes(4).toString("hex")}`;
    await db().deliveryFailure.create({
      data: {
        id: failureId,
        streamId: stream.id,
        attempts: 1,
        statusCode: 403,
        error: `Forbidden: ${apiKey}`,
        eventCount: 1,
        firstLogId: "a",
        lastLogId: "a",
        eventSeqs: "[]",
        replayError: `Still ${apiKey}`,
      },
    });

    expect(await bindApiKeysToStreams()).toBe(1);
    const row = await db().logStream.findUniqueOrThrow({ where: { id: stream.id } });
    expect(row.apiKeyEncrypted).toMatch(/^v2\./);
    expect(decryptSecret(row.apiKeyEncrypted, stream.id)).toBe(apiKey);
    const masked = maskApiKey(apiKey.slice(-4));
    expect(await db().deliveryFailure.findUniqueOrThrow({ where: { id: failureId } })).toMatchObject({
      error: `Forbidden: ${masked}`,
      replayError: `Still ${masked}`,
    });
    expect(await bindApiKeysToStreams()).toBe(0);

    const events = oneEvent();
    await ingest(events);
    const { dispatcher } = await testDispatcher();
    await dispatcher.runPass();
    expect(context.intake.received(apiKey).map((item) => item.log_id)).toEqual([events[0]!.log_id]);
  });
});

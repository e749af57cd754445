import { describe, expect, it } from "vitest";
import { createTestStream, ingest, setUpDeliveryTests, uniqueEvents } from "../support/delivery";

const context = setUpDeliveryTests();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function recordsOf(streamId: string) {
  const { db } = await import("@/lib/db/client");
  return db().auditRecord.findMany({ where: { targetId: streamId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}

describe("the audit log's automatic changes and retention", () => {
  it("records the dispatcher's suspension and the key check's resume as the system, even during a request made with a token", async () => {
    const { stream, apiKey } = await createTestStream();
    const { runAs } = await import("@/lib/audit/actor");
    const { createDispatcher } = await import("@/lib/delivery/dispatcher");
    let clock = new Date();
    const dispatcher = createDispatcher({
      now: () => clock,
      sleep: async () => undefined,
      random: () => 0.5,
      timeoutMs: 5_000,
    });
    const token = { kind: "token" as const, name: "dispatch caller", address: "127.0.0.1" };

    context.intake.setFault(apiKey, { status: 403 });
    await ingest(uniqueEvents(2));
    // As POST /api/dispatch runs it: on behalf of the token that called it.
    await runAs(token, () => dispatcher.runPass());
    context.intake.setFault(apiKey, null);
    clock = new Date(clock.getTime() + 5 * MINUTE);
    await runAs(token, () => dispatcher.runPass());

    const records = await recordsOf(stream.id);
    expect(records.map((r) => r.action)).toEqual(["stream.created", "stream.suspended", "stream.resumed"]);
    expect(
      records
        .slice(1)
        .map((r) => ({ kind: r.actorKind, name: r.actorName, address: r.address, changes: JSON.parse(r.changes!) })),
    ).toEqual([
      {
        kind: "system",
        name: "system",
        address: null,
        changes: {
          status: { from: "active", to: "suspended" },
          reason: "Datadog rejected the API key (403) — update the key in Settings",
        },
      },
      {
        kind: "system",
        name: "system",
        address: null,
        changes: { status: { from: "suspended", to: "active" }, reason: "Datadog accepted the credentials again" },
      },
    ]);
    expect(JSON.stringify(records)).not.toContain(apiKey);
  });

  it("prunes only records older than LOGSTREAMS_AUDIT_RETENTION_DAYS (365 by default), and nothing else deletes one", async () => {
    const { db } = await import("@/lib/db/client");
    const { recordAudit } = await import("@/lib/audit/record");
    const { pruneAuditRecords } = await import("@/lib/audit/retention");
    const { stream } = await createTestStream();
    const now = new Date();
    await recordAudit({ action: "stream.paused", target: { type: "stream", id: stream.id, name: stream.name } });
    const [created, paused] = await recordsOf(stream.id);
    await db().auditRecord.update({ where: { id: created!.id }, data: { at: new Date(now.getTime() - 366 * DAY) } });
    await db().auditRecord.update({ where: { id: paused!.id }, data: { at: new Date(now.getTime() - 364 * DAY) } });
    // Deleting the stream keeps its records.
    const { deleteStream } = await import("@/lib/streams/streams");
    await deleteStream(stream.id);

    expect(await pruneAuditRecords(now)).toBe(1);
    expect((await recordsOf(stream.id)).map((r) => r.action)).toEqual(["stream.paused", "stream.deleted"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Auth0Log } from "@/lib/sources/auth0/client";
import { useDeliveryEnvironment } from "../support/delivery";
import { tenantLogs } from "./support";

const logsWithIds = (prefix: string, count: number): Auth0Log[] => tenantLogs(count).map((log, i) => ({ ...log, log_id: `${prefix}${String(i).padStart(4, "0")}` }));

describe("a page and its checkpoint", () => {
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { intake } = await useDeliveryEnvironment();
    close = () => intake.close();
  });
  afterAll(() => close());

  it("are stored together or not at all: a process that lost the lease stores nothing of its page", async () => {
    const { claimSourceLease, ensureSourceRow, readCheckpoint, storePage, SourceLeaseLostError } = await import("@/lib/sources/auth0/source-store");
    const { db } = await import("@/lib/db/client");
    const base = "http://tenant.test";
    await ensureSourceRow();
    expect(await claimSourceLease("worker-a", new Date(), 45_000)).toBe(true);
    const first = logsWithIds("chk-a-", 3);
    expect(await storePage("worker-a", base, first, false, new Date())).toEqual({ accepted: 3, duplicates: 0 });
    expect(await readCheckpoint(base)).toBe("chk-a-0002");

    // Worker B took over (A's lease expired while it waited for Auth0): A's page must not land.
    expect(await claimSourceLease("worker-b", new Date(Date.now() + 60_000), 45_000)).toBe(true);
    const late = logsWithIds("chk-late-", 4);
    await expect(storePage("worker-a", base, late, false, new Date())).rejects.toBeInstanceOf(SourceLeaseLostError);
    expect(await db().event.count({ where: { logId: { startsWith: "chk-late-" } } })).toBe(0);
    expect(await readCheckpoint(base)).toBe("chk-a-0002");
    expect(await readCheckpoint("http://another-tenant.test")).toBeNull();
  });
});

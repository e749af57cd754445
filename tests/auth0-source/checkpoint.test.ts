import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Auth0Log } from "@/lib/sources/auth0/client";
import { useDeliveryEnvironment } from "../support/delivery";
import { tenantLogs } from "./support";

const logsWithIds = (prefix: string, count: number): Auth0Log[] =>
  tenantLogs(count).map((log, i) => ({ ...log, log_id: `${prefix}${String(i).padStart(4, "0")}` }));

describe("a page and its checkpoint", () => {
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { intake } = await useDeliveryEnvironment();
    close = () => intake.close();
  });
  afterAll(() => close());

  it("are stored together or not at all: a process that lost the lease stores nothing of its page", async () => {
    const { ensureSourceRow, readCheckpoint, SOURCE_LEASE, storePage } =
      await import("@/lib/sources/auth0/source-store");
    const { claimLease, LeaseLostError } = await import("@/lib/leases/lease");
    const { db } = await import("@/lib/db/client");
    const base = "http://tenant.test";
    await ensureSourceRow();
    expect(await claimLease(SOURCE_LEASE, "worker-a", new Date(), 45_000)).toBe(true);
    const first = logsWithIds("chk-a-", 3);
    expect(await storePage("worker-a", base, first, false, new Date())).toEqual({ accepted: 3, duplicates: 0 });
    expect(await readCheckpoint(base)).toBe("chk-a-0002");

    // Worker B took over (A's lease expired while it waited for Auth0): A's page must not land.
    expect(await claimLease(SOURCE_LEASE, "worker-b", new Date(Date.now() + 60_000), 45_000)).toBe(true);
    const late = logsWithIds("chk-late-", 4);
    await expect(storePage("worker-a", base, late, false, new Date())).rejects.toBeInstanceOf(LeaseLostError);
    expect(await db().event.count({ where: { logId: { startsWith: "chk-late-" } } })).toBe(0);
    expect(await readCheckpoint(base)).toBe("chk-a-0002");
    expect(await readCheckpoint("http://another-tenant.test")).toBeNull();
  });

  it("is claimed at once from a process of this host that is gone, and from its own holder, never from a live one", async () => {
    const { ensureSourceRow, SOURCE_ID, SOURCE_LEASE } = await import("@/lib/sources/auth0/source-store");
    const { claimLease, newWorkerId, releaseLease } = await import("@/lib/leases/lease");
    const { db } = await import("@/lib/db/client");
    await ensureSourceRow();
    const otherProcess = (pid: number) =>
      newWorkerId().replace(/^([^:]+):\d+:([0-9a-f]{8})\.[0-9a-f]+:/, `$1:${pid}:$2.abcdef:`);
    const holdFor10Minutes = (owner: string) =>
      db().auth0Source.update({
        where: { id: SOURCE_ID },
        data: { leaseOwner: owner, leaseExpiresAt: new Date(Date.now() + 600_000) },
      });
    const me = newWorkerId();

    await holdFor10Minutes(otherProcess(process.ppid));
    expect(await claimLease(SOURCE_LEASE, me, new Date(), 45_000)).toBe(false);

    await holdFor10Minutes(otherProcess(spawnSync(process.execPath, ["-e", ""]).pid!));
    expect(await claimLease(SOURCE_LEASE, me, new Date(), 45_000)).toBe(true);
    // Its own lease, whose release never ran (the database was away): taken back as well.
    expect(await claimLease(SOURCE_LEASE, me, new Date(), 45_000)).toBe(true);
    await releaseLease(SOURCE_LEASE, me);
    expect((await db().auth0Source.findUniqueOrThrow({ where: { id: SOURCE_ID } })).leaseOwner).toBeNull();
  });
});

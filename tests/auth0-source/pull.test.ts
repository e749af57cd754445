import { afterEach, describe, expect, it } from "vitest";
import { startAuth0Standin, type Auth0Standin } from "@/standins/auth0-standin";
import { createTestStream, ingest, setUpDeliveryTests } from "../support/delivery";
import { controlledTime, deliverAll, POLL_MS, startPuller, tenantLogs, useStandin } from "./support";

const context = setUpDeliveryTests();
const standins: Auth0Standin[] = [];
afterEach(async () => {
  await Promise.all(standins.splice(0).map((standin) => standin.close()));
});

async function standin(options: Parameters<typeof startAuth0Standin>[0] = {}) {
  const started = await startAuth0Standin(options);
  standins.push(started);
  return started;
}

async function sourceStatus() {
  const { readSourceStatus } = await import("@/lib/sources/auth0/source-store");
  return readSourceStatus();
}

describe("pulling from an Auth0 tenant", () => {
  it("brings 1,050 logs through 429s and expiring tokens to Datadog exactly once, data as the tenant returned it", async () => {
    const started: { tenant?: Auth0Standin } = {};
    let sleepCount = 0;
    // After the first 429's wait the token stops working, as if revoked: the next call gets a 401.
    const time = controlledTime(() => ++sleepCount === 1 && started.tenant?.expireTokens());
    // Two calls a second, tokens that live 3 s: the 429 waits make the walk outlive several tokens.
    const tenant = (started.tenant = await standin({
      now: time.now,
      tokenLifetimeSeconds: 3,
      rateLimit: { limit: 2, windowSeconds: 1 },
    }));
    const { apiKey } = await createTestStream();
    tenant.append(tenantLogs(1_050));
    await useStandin(tenant);

    const pulling = await startPuller(time);
    await pulling.stop();

    const counts = tenant.counts();
    expect(counts.rateLimited).toBeGreaterThan(0);
    // Renewed after the 401, and before each later token expired (none was used past its lifetime).
    expect(counts.revokedTokenRefusals).toBe(1);
    expect(counts.expiredTokenRefusals).toBe(0);
    expect(counts.tokensIssued).toBeGreaterThanOrEqual(3);
    const received = await deliverAll(context.intake, apiKey, 1_050);
    expect(received.map((item) => item.log_id)).toEqual(tenant.logs().map((log) => log.log_id));
    const byId = new Map(received.map((item) => [item.log_id, item]));
    for (const log of tenant.logs()) expect(byId.get(log.log_id)!.data).toEqual(log);
    expect((await sourceStatus()).checkpoint).toBe(tenant.logs().at(-1)!.log_id);
  });

  it("keeps a log that also came by webhook once, and delivers it once", async () => {
    const time = controlledTime();
    const tenant = await standin({ now: time.now });
    const { apiKey } = await createTestStream();
    const logs = tenant.append(tenantLogs(230));
    // The Custom Webhook stream posted the first 120 already, as {log_id, data}.
    await ingest(logs.slice(0, 120).map((log) => ({ log_id: log.log_id, data: log })));
    await useStandin(tenant);

    const pulling = await startPuller(time);
    await pulling.stop();

    const received = await deliverAll(context.intake, apiKey, 230);
    expect(received).toHaveLength(230);
    expect(new Set(received.map((item) => item.log_id)).size).toBe(230);
  });

  it("pulls the logs the tenant writes later at the next poll, one poll interval after catching up", async () => {
    const time = controlledTime();
    const tenant = await standin({ now: time.now });
    const { apiKey } = await createTestStream();
    tenant.append(tenantLogs(40));
    await useStandin(tenant);
    const pulling = await startPuller(time);

    const later = tenant.append(tenantLogs(25));
    const waitsBefore = time.sleeps.length;
    await pulling.pollAgain();
    await pulling.stop();

    // Caught up, the puller waited exactly the poll interval once, then fetched the new logs.
    expect(time.sleeps.slice(waitsBefore - 1)).toEqual([POLL_MS, POLL_MS]);
    const received = await deliverAll(context.intake, apiKey, 65);
    expect(received.slice(40).map((item) => item.log_id)).toEqual(later.map((log) => log.log_id));
  });

  it("resumes from the stored checkpoint after a restart, sending nothing twice", async () => {
    const time = controlledTime();
    const tenant = await standin({ now: time.now });
    const { apiKey } = await createTestStream();
    const first = tenant.append(tenantLogs(250));
    await useStandin(tenant);
    const pulledBefore = (await sourceStatus()).logsPulled;

    await (await startPuller(time)).stop();
    const queriesOfFirstRun = tenant.queries().length;
    const second = tenant.append(tenantLogs(50));
    // A new process: a new puller, nothing in memory but the database.
    await (await startPuller(time)).stop();

    expect(tenant.queries()[queriesOfFirstRun]).toBe(`from=${first.at(-1)!.log_id}&take=100`);
    expect((await sourceStatus()).logsPulled - pulledBefore).toBe(BigInt(300));
    const received = await deliverAll(context.intake, apiKey, 300);
    expect(received.map((item) => item.log_id)).toEqual([...first, ...second].map((log) => log.log_id));
  });

  it("lets one process pull at a time: another keeps off while the lease is held, and pulls once it is given back", async () => {
    const time = controlledTime();
    const tenant = await standin({ now: time.now });
    tenant.append(tenantLogs(10));
    await useStandin(tenant);
    const first = await startPuller(time);
    const requestsOfFirst = tenant.counts().logRequests;

    const { createAuth0Puller } = await import("@/lib/sources/auth0/puller");
    const second = createAuth0Puller({ now: time.now, sleep: time.sleep, pollMs: POLL_MS });
    expect((await second.runPass()).outcome).toEqual({ kind: "lease_lost" });
    expect(tenant.counts().logRequests).toBe(requestsOfFirst);

    await first.stop();
    tenant.append(tenantLogs(5));
    expect(await second.runPass()).toMatchObject({ outcome: { kind: "caught_up" }, pulled: 5, stored: 5 });
  });

  it("starts a tenant without a checkpoint at its oldest log, found by a date-sorted search", async () => {
    const time = controlledTime();
    const tenant = await standin({ now: time.now });
    tenant.append(tenantLogs(3));
    await useStandin(tenant);
    await (await startPuller(time)).stop();
    expect(tenant.queries().slice(0, 2)).toEqual([
      "sort=date%3A1&per_page=1&page=0",
      `from=${tenant.logs()[0]!.log_id}&take=100`,
    ]);
  });

  it("stops on refused credentials, says why and what to do, and tries again only after 5 minutes", async () => {
    const time = controlledTime();
    const tenant = await standin({ now: time.now });
    await useStandin(tenant, "not-the-secret");
    const { createAuth0Puller } = await import("@/lib/sources/auth0/puller");
    const summary = await createAuth0Puller({ now: time.now, sleep: time.sleep, pollMs: POLL_MS }).runPass();

    expect(summary.outcome).toMatchObject({ kind: "refused", where: "token", status: 401 });
    const { lastError } = await sourceStatus();
    expect(lastError).toContain("Auth0 refused the client credentials (401 Unauthorized)");
    expect(lastError).toContain("read:logs");
    expect(lastError).not.toContain("not-the-secret");
    const { waitAfter, REFUSED_RETRY_MS } = await import("@/lib/sources/auth0/waits");
    expect(waitAfter(summary.outcome, { pollMs: POLL_MS, failuresInARow: 1 }).ms).toBe(REFUSED_RETRY_MS);
  });

  it("backs off 1 s, 2 s after 5xx answers, then goes on", async () => {
    const time = controlledTime();
    const tenant = await standin({ now: time.now });
    tenant.append(tenantLogs(5));
    tenant.setFault({ status: 503, times: 2 });
    await useStandin(tenant);
    await (await startPuller(time)).stop();
    expect(time.sleeps).toEqual([1_000, 2_000, POLL_MS]);
    expect((await sourceStatus()).lastError).toBeNull();
  });
});

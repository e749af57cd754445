import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuth0Standin } from "@/standins/auth0-standin";
import { useDeliveryEnvironment } from "../support/delivery";
import { POLL_MS, controlledTime, useStandin } from "./support";

/** A tenant that issues tokens but answers the log list with `body` (a string, or that many bytes of "[" … ). */
async function startOddTenant(body: string | number) {
  const server = http.createServer((req, res) => {
    req.resume().on("end", () => {
      if (req.url === "/oauth/token")
        return res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ access_token: "odd-token", expires_in: 86_400 }));
      res.writeHead(200, { "content-type": "application/json" });
      if (typeof body === "string") return res.end(body);
      const chunk = Buffer.alloc(1024 * 1024, "[");
      let sent = 0;
      const pump = () => {
        while (sent < body && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("error", () => undefined);
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    standin: {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      clientId: "odd-client",
      clientSecret: "odd-secret",
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function pullOnce() {
  const { createAuth0Puller } = await import("@/lib/sources/auth0/puller");
  const time = controlledTime();
  return createAuth0Puller({ now: time.now, sleep: time.sleep, pollMs: POLL_MS }).runPass();
}

describe("answers that are not a page of logs", () => {
  let intake: Awaited<ReturnType<typeof useDeliveryEnvironment>>["intake"];
  beforeAll(async () => {
    intake = (await useDeliveryEnvironment()).intake;
  });
  afterAll(() => intake.close());

  it.each([
    ["not JSON", "<html>maintenance</html>", "something other than a list of logs"],
    ["an object", '{"logs":[]}', "something other than a list of logs"],
    ["a log without log_id", '[{"type":"s"}]', "a log without a log_id"],
    ["an endless answer (40 MB)", 40 * 1024 * 1024, "Auth0's answer is over 32 MB"],
  ])("%s: nothing stored, the reason shown, retried with backoff", async (_, body, reason) => {
    const tenant = await startOddTenant(body);
    try {
      await useStandin(tenant.standin);
      const { readSourceStatus } = await import("@/lib/sources/auth0/source-store");
      const before = await readSourceStatus();
      const summary = await pullOnce();
      expect(summary).toMatchObject({ outcome: { kind: "unavailable" }, pulled: 0, stored: 0 });
      const after = await readSourceStatus();
      expect(after.lastError).toContain(reason);
      expect(after.lastError).toContain("trying again in 1 s");
      expect(after.logsPulled).toBe(before.logsPulled);
    } finally {
      await tenant.close();
    }
  });

  it("a token without read:logs: stops, saying to grant the scope", async () => {
    const tenant = await startAuth0Standin({ scope: "read:users" });
    try {
      tenant.append([{ type: "s" }]);
      await useStandin(tenant);
      const summary = await pullOnce();
      expect(summary.outcome).toMatchObject({ kind: "refused", where: "logs", status: 403 });
      const { readSourceStatus } = await import("@/lib/sources/auth0/source-store");
      expect((await readSourceStatus()).lastError).toContain(
        "Auth0 refused to list the logs (403 Insufficient scope, expected any of: read:logs)",
      );

      const { testConnection } = await import("@/lib/sources/auth0/test-connection");
      const test = await testConnection({
        baseUrl: tenant.baseUrl,
        clientId: tenant.clientId,
        clientSecret: tenant.clientSecret,
      });
      expect(test).toMatchObject({ ok: false });
      expect(test.message).toContain("grant");
    } finally {
      await tenant.close();
    }
  });

  it("Test connection says so when the token and the log list work", async () => {
    const tenant = await startAuth0Standin();
    try {
      const { testConnection } = await import("@/lib/sources/auth0/test-connection");
      expect(
        await testConnection({ baseUrl: tenant.baseUrl, clientId: tenant.clientId, clientSecret: tenant.clientSecret }),
      ).toEqual({
        ok: true,
        message: `Connected: ${tenant.baseUrl} issued a token and listed the logs (read:logs granted).`,
      });
    } finally {
      await tenant.close();
    }
  });
});

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import { intakeClient } from "@/standins/intake-client";
import { ROOT } from "../support/app-server";
import { api, newStreamBody } from "../support/api";
import { fakeDatadogApiKey } from "../support/fake-key";

/** Every page.tsx under app/, as its URL's segments: route groups dropped, `[id]` kept as a placeholder. */
function pageRoutes(dir = path.join(ROOT, "app"), segments: string[] = []): string[][] {
  const routes: string[][] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const isGroup = entry.name.startsWith("(") && entry.name.endsWith(")");
      if (entry.name.startsWith("_") || entry.name === "api") continue;
      routes.push(...pageRoutes(path.join(dir, entry.name), isGroup ? segments : [...segments, entry.name]));
    } else if (entry.name === "page.tsx") {
      routes.push(segments);
    }
  }
  return routes;
}

/** The router-state tree a client that already shows every layout above the page would send. */
function routerStateTree(segments: string[], id: string): string {
  let node: unknown = ["__PAGE__", {}];
  for (const segment of [...segments].reverse()) {
    const value = segment === "[id]" ? ["id", id, "d"] : segment;
    node = [value, { children: node }];
  }
  return encodeURIComponent(JSON.stringify(["", { children: ["(admin)", { children: node }] }, null, null, true]));
}

describe("dashboard pages without a session", () => {
  // The key's last four characters (shown masked to the admin) are no hex, so that they cannot turn up by chance.
  const last4 = Array.from({ length: 4 }, () => "GHJKLMNPQRSTUVWXYZ"[crypto.randomInt(18)]).join("");
  const secrets = {
    name: `secret-name-${crypto.randomBytes(6).toString("hex")}`,
    key: `${fakeDatadogApiKey().slice(0, 28)}${last4}`,
    id: "",
  };
  const failureText = "Injected fault 400";

  beforeAll(async () => {
    const intake = intakeClient(inject("intakeUrl"));
    // A category no other file filters on, so their streams do not take this event.
    const filters = [{ type: "category", name: "auth.signup.fail" }];
    const body = newStreamBody({
      name: secrets.name,
      filters,
      pii_config: { log_fields: ["email"], method: "mask", algorithm: "xxhash" },
      sink: { datadogApiKey: secrets.key, datadogRegion: "eu" },
    });
    const { json: stream } = await api.createStream(body);
    secrets.id = stream.id;
    await intake.setFault(secrets.key, { status: 400, times: 1 });
    const event = {
      log_id: `leak-${crypto.randomBytes(4).toString("hex")}`,
      data: { type: "fs", description: "Password is too weak" },
    };
    expect((await api.ingest([event])).status).toBe(202);
    await vi.waitFor(async () => expect((await api.failures(stream.id)).json).toHaveLength(1), { timeout: 15_000 });
  });

  const routes = pageRoutes();

  it("finds the dashboard's pages in the file tree", () => {
    const paths = routes.map((segments) => `/${segments.join("/")}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/log-streams",
        "/log-streams/new",
        "/log-streams/[id]/settings",
        "/log-streams/[id]/health",
        "/login",
      ]),
    );
  });

  it.each(["no cookie", "a made-up session cookie"])(
    "shows no stream data to a request with %s, plain or as the client router",
    async (cookieCase) => {
      const cookie: Record<string, string> =
        cookieCase === "no cookie" ? {} : { cookie: `ls_session=${crypto.randomBytes(32).toString("base64url")}` };
      for (const segments of routes) {
        const url = `${inject("appUrl")}/${segments.map((s) => (s === "[id]" ? secrets.id : s)).join("/")}`;
        const variants: Record<string, string>[] = [
          {},
          { RSC: "1" },
          { RSC: "1", "Next-Router-State-Tree": routerStateTree(segments, secrets.id) },
        ];
        for (const headers of variants) {
          const response = await fetch(url, { headers: { ...cookie, ...headers }, redirect: "manual" });
          const text = await response.text();
          const where = `${url} ${JSON.stringify(headers)} → ${response.status}`;
          expect(response.status, where).toBeLessThan(500);
          for (const secret of [
            secrets.name,
            secrets.key,
            last4,
            failureText,
            "auth.signup.fail",
            "Password is too weak",
            "log_fields",
          ]) {
            expect(text, `${where} shows ${secret}`).not.toContain(secret);
          }
          // An [id] page's answer may repeat the id it was asked for (in its redirect); no other may show one.
          if (!segments.includes("[id]")) expect(text, `${where} shows the stream's id`).not.toContain(secrets.id);
        }
      }
    },
  );
});

// API tokens with scopes, against an app of this file's own (its wrong tokens must not throttle the
// shared app's address, and its whole output, at debug level, is searched for the tokens' secrets).
import { LogStreamsClient } from "auth0/logStreams";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startIntakeServer, type IntakeServer } from "../../standins/intake-server";
import { newStreamBody, randomSuffix } from "../support/api";
import { fakeDatadogApiKey } from "../support/fake-key";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";
import { requestFrom } from "../support/http-from";
import { findSecretsIn } from "../support/secret-scan";
import { adminSessionCookie, callServerAction, serverActionIds } from "../support/server-actions";

const ACTIONS = "app/(admin)/tokens/actions.ts";
const ALL_SCOPES = [
  "read:log_streams",
  "create:log_streams",
  "update:log_streams",
  "delete:log_streams",
  "ingest:logs",
  "read:metrics",
  "read:audit_log",
] as const;
type Scope = (typeof ALL_SCOPES)[number];
const RATE_LIMIT = 20;

const credentials = newCredentials();
const secrets: string[] = [];
let app: AppServer;
let intake: IntakeServer;
let databaseUrl: string;
let cookie: string;
const ids = serverActionIds();

beforeAll(async () => {
  intake = await startIntakeServer();
  databaseUrl = (await createTempDatabase()).url;
  app = await startAppServer({
    DATABASE_URL: databaseUrl,
    DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
    DATADOG_API_URL_TEMPLATE: intake.apiUrlTemplate,
    LOGSTREAMS_API_RATE_LIMIT: String(RATE_LIMIT),
    LOG_LEVEL: "debug",
    ...credentialEnv(credentials),
  });
  cookie = await adminSessionCookie(databaseUrl);
});

afterAll(async () => {
  await app?.stop();
  await intake?.close();
});

const action = (name: string, args: unknown[]) =>
  callServerAction(ids.get(`${ACTIONS}#${name}`)!, args, { cookie, path: "/tokens", baseUrl: app.baseUrl });

/** Creates a token on the page's action; returns its secret. */
async function createToken(
  scopes: readonly Scope[],
  { name = `token ${randomSuffix()}`, expiresInDays = null as number | null } = {},
) {
  const call = await action("createApiTokenAction", [{ name, scopes, expiresInDays }]);
  expect(call.value, JSON.stringify(call.value)).toMatchObject({ ok: true, data: { name } });
  const secret = (call.value as { data: { secret: string } }).data.secret;
  secrets.push(secret);
  return { name, secret };
}

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

const tokensPage = async () => (await fetch(`${app.baseUrl}/tokens`, { headers: { cookie } })).text();

async function storedToken(name: string) {
  const { db } = await import("@/lib/db/client");
  return db().apiToken.findUnique({ where: { name } });
}

/** A stream (by the environment's token) with one failure record: Datadog answers its key 400. */
async function streamWithFailure() {
  const body = newStreamBody();
  const created = await call("POST", "/api/v2/log-streams", credentials.apiToken, body);
  const id = (created.json as { id: string }).id;
  intake.setFault(body.sink.datadogApiKey, { status: 400 });
  expect(
    (
      await call("POST", "/api/v2/logs", credentials.ingestToken, {
        log_id: `tok-${randomSuffix()}`,
        data: { type: "f" },
      })
    ).status,
  ).toBe(202);
  let failureId = "";
  await vi.waitFor(
    async () => {
      const failures = (await call("GET", `/api/v2/log-streams/${id}/failures`, credentials.apiToken)).json as {
        id: string;
      }[];
      expect(failures.length).toBeGreaterThan(0);
      failureId = failures[0]!.id;
    },
    { timeout: 20_000, interval: 200 },
  );
  return { id, failureId };
}

describe("API tokens", () => {
  it("start with an empty list that says what to do", async () => {
    expect(await tokensPage()).toContain("No API tokens yet");
  });

  it("enforce each scope on each route: every other scope gets Auth0's 403, the scope alone gets in", async () => {
    const { id, failureId } = await streamWithFailure();
    const { id: doomedId } = (await call("POST", "/api/v2/log-streams", credentials.apiToken, newStreamBody()))
      .json as { id: string };
    const routes: { scope: Scope; method: string; path: string; body?: () => unknown; status: number }[] = [
      { scope: "read:log_streams", method: "GET", path: "/api/v2/log-streams", status: 200 },
      { scope: "read:log_streams", method: "GET", path: `/api/v2/log-streams/${id}`, status: 200 },
      { scope: "read:log_streams", method: "GET", path: `/api/v2/log-streams/${id}/failures`, status: 200 },
      {
        scope: "create:log_streams",
        method: "POST",
        path: "/api/v2/log-streams",
        body: () => newStreamBody(),
        status: 200,
      },
      {
        scope: "update:log_streams",
        method: "PATCH",
        path: `/api/v2/log-streams/${id}`,
        body: () => ({ name: `renamed ${randomSuffix()}` }),
        status: 200,
      },
      { scope: "update:log_streams", method: "POST", path: `/api/v2/log-streams/${id}/skip`, status: 200 },
      {
        scope: "update:log_streams",
        method: "POST",
        path: `/api/v2/log-streams/${id}/failures/${failureId}/replay`,
        status: 202,
      },
      { scope: "update:log_streams", method: "POST", path: "/api/dispatch", status: 200 },
      { scope: "delete:log_streams", method: "DELETE", path: `/api/v2/log-streams/${doomedId}`, status: 204 },
      {
        scope: "ingest:logs",
        method: "POST",
        path: "/api/v2/logs",
        body: () => ({ log_id: `tok-${randomSuffix()}`, data: { type: "s" } }),
        status: 202,
      },
      { scope: "read:metrics", method: "GET", path: "/metrics", status: 200 },
    ];
    for (const scope of new Set(routes.map((route) => route.scope))) {
      const allButIt = await createToken(ALL_SCOPES.filter((s) => s !== scope));
      const onlyIt = await createToken([scope]);
      for (const route of routes.filter((r) => r.scope === scope)) {
        const refused = await call(route.method, route.path, allButIt.secret, route.body?.());
        expect(refused.json, `${route.method} ${route.path} without ${scope}`).toEqual({
          statusCode: 403,
          error: "Forbidden",
          message: `Insufficient scope, expected any of: ${scope}`,
          errorCode: "insufficient_scope",
        });
        expect(refused.status).toBe(403);
        const allowed = await call(route.method, route.path, onlyIt.secret, route.body?.());
        expect(allowed.status, `${route.method} ${route.path} with ${scope}: ${allowed.text.slice(0, 300)}`).toBe(
          route.status,
        );
      }
    }
  });

  it("work with Auth0's Node SDK, which reports a missing scope as Auth0's 403", async () => {
    const reader = await createToken(["read:log_streams", "create:log_streams"]);
    const client = (token: string) => new LogStreamsClient({ baseUrl: `${app.baseUrl}/api/v2`, token, maxRetries: 0 });
    const created = (await client(reader.secret).create({
      name: `sdk ${randomSuffix()}`,
      type: "datadog",
      sink: { datadogApiKey: fakeDatadogApiKey(), datadogRegion: "eu" },
    } as never)) as { id: string };
    expect(await client(reader.secret).get(created.id)).toMatchObject({ id: created.id });
    await expect(client(reader.secret).delete(created.id)).rejects.toMatchObject({
      statusCode: 403,
      body: {
        statusCode: 403,
        error: "Forbidden",
        errorCode: "insufficient_scope",
        message: "Insufficient scope, expected any of: delete:log_streams",
      },
    });
  });

  it("show the secret once: in the creating answer only, never in the list page, stored only as its hash", async () => {
    const { name, secret } = await createToken(["read:log_streams"], { expiresInDays: 30 });
    const page = await tokensPage();
    expect(page).toContain(name);
    expect(page).toContain("read:log_streams");
    expect(page).not.toContain(secret);
    const stored = await storedToken(name);
    expect(stored).toMatchObject({ name, scopes: "read:log_streams", createdBy: "admin", lastUsedAt: null });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored!.tokenHash).not.toContain(secret);
    expect(page).not.toContain(stored!.tokenHash);
    expect(stored!.expiresAt!.getTime() - stored!.createdAt.getTime()).toBe(30 * 24 * 60 * 60 * 1000);
  });

  it("refuse a duplicate name, and hostile or missing arguments, creating nothing", async () => {
    const { name } = await createToken(["read:metrics"]);
    expect(
      (await action("createApiTokenAction", [{ name, scopes: ["read:metrics"], expiresInDays: null }])).value,
    ).toMatchObject({ ok: false, code: "conflict" });
    const hostile = [
      { name: `no scopes ${randomSuffix()}`, scopes: [], expiresInDays: null },
      { name: `bad scope ${randomSuffix()}`, scopes: ["admin:everything"], expiresInDays: null },
      { name: `odd expiry ${randomSuffix()}`, scopes: ["read:metrics"], expiresInDays: 100000 },
      { name: "LOGSTREAMS_API_TOKEN", scopes: ["read:metrics"], expiresInDays: null },
      { name: `extra ${randomSuffix()}`, scopes: ["read:metrics"], expiresInDays: null, tokenHash: "x" },
    ];
    for (const input of hostile) {
      expect((await action("createApiTokenAction", [input])).value, JSON.stringify(input)).toMatchObject({
        ok: false,
        code: "invalid_body",
      });
      expect(await storedToken(input.name)).toBeNull();
    }
  });

  it("record the last use at most once a minute, not on every request", async () => {
    const { name, secret } = await createToken(["ingest:logs"]);
    const ingest = () => call("POST", "/api/v2/logs", secret, { log_id: `tok-${randomSuffix()}`, data: { type: "s" } });
    expect((await ingest()).status).toBe(202);
    const first = (await storedToken(name))!.lastUsedAt;
    expect(first).not.toBeNull();
    expect((await ingest()).status).toBe(202);
    expect((await storedToken(name))!.lastUsedAt).toEqual(first);
    expect(await tokensPage()).toMatch(/Last used[\s\S]*just now/);
  });

  it("refuse an expired token and a revoked one with 401", async () => {
    const expiring = await createToken(["read:log_streams"], { expiresInDays: 7 });
    expect((await call("GET", "/api/v2/log-streams", expiring.secret)).status).toBe(200);
    const { db } = await import("@/lib/db/client");
    await db().apiToken.updateMany({
      where: { name: expiring.name },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await call("GET", "/api/v2/log-streams", expiring.secret)).toMatchObject({
      status: 401,
      json: { statusCode: 401, errorCode: "invalid_token", message: "Expired token" },
    });
    expect(await tokensPage()).toContain("Expired");

    const revoked = await createToken(["read:log_streams", "ingest:logs"]);
    expect((await call("GET", "/api/v2/log-streams", revoked.secret)).status).toBe(200);
    const id = (await storedToken(revoked.name))!.id;
    expect((await action("revokeApiTokenAction", [{ id }])).value).toMatchObject({ ok: true });
    expect(await call("GET", "/api/v2/log-streams", revoked.secret)).toMatchObject({
      status: 401,
      json: { errorCode: "invalid_token" },
    });
    expect(
      (await call("POST", "/api/v2/logs", revoked.secret, { log_id: `tok-${randomSuffix()}`, data: {} })).status,
    ).toBe(401);
    expect(await tokensPage()).not.toContain(revoked.name);
    expect((await action("revokeApiTokenAction", [{ id }])).value).toMatchObject({ ok: false, code: "not_found" });
  });

  it("are held to the per-token rate limit, and an expired one counts as a wrong token for the throttle", async () => {
    const { secret } = await createToken(["read:log_streams"]);
    // A burst of twice the limit; on a busy machine one may straddle two one-second windows, so burst until one does not.
    await vi.waitFor(
      async () => {
        const statuses = (
          await Promise.all(Array.from({ length: RATE_LIMIT * 2 }, () => call("GET", "/api/v2/log-streams", secret)))
        ).map((answer) => answer.status);
        expect(statuses.filter((status) => status !== 429 && status !== 200)).toEqual([]);
        expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
      },
      { timeout: 20_000, interval: 100 },
    );

    const expired = await createToken(["ingest:logs"], { expiresInDays: 7 });
    const { db } = await import("@/lib/db/client");
    await db().apiToken.updateMany({ where: { name: expired.name }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const address = "127.0.0.31";
    const ingest = (token: string) =>
      requestFrom(address, `${app.baseUrl}/api/v2/logs`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ log_id: `tok-${randomSuffix()}`, data: {} }),
      });
    for (let i = 0; i < 10; i++) expect((await ingest(expired.secret)).status).toBe(401);
    expect((await ingest(credentials.ingestToken)).status).toBe(429);
  });

  it("leave the environment's tokens their rights: the API token everywhere but ingestion, the ingestion token only there", async () => {
    expect((await call("GET", "/api/v2/log-streams", credentials.apiToken)).status).toBe(200);
    expect((await call("GET", "/metrics", credentials.apiToken)).status).toBe(200);
    expect(
      (await call("POST", "/api/v2/logs", credentials.apiToken, { log_id: `tok-${randomSuffix()}`, data: {} })).status,
    ).toBe(401);
    expect(
      (await call("POST", "/api/v2/logs", credentials.ingestToken, { log_id: `tok-${randomSuffix()}`, data: {} }))
        .status,
    ).toBe(202);
    expect((await call("GET", "/api/v2/log-streams", credentials.ingestToken)).status).toBe(401);
    expect((await call("GET", "/metrics", credentials.ingestToken)).status).toBe(401);
  });

  it("are audited: created and revoked by the admin, and what a token changes is recorded under its name", async () => {
    const { name, secret } = await createToken(["update:log_streams", "read:audit_log"]);
    const { id: streamId } = (await call("POST", "/api/v2/log-streams", credentials.apiToken, newStreamBody()))
      .json as { id: string };
    expect((await call("PATCH", `/api/v2/log-streams/${streamId}`, secret, { status: "paused" })).status).toBe(200);
    const paused = (await call("GET", `/api/v2/audit-log?target=${streamId}&action=stream.paused`, secret)).json as {
      actor: unknown;
    }[];
    expect(paused).toMatchObject([{ actor: { kind: "token", name } }]);

    const id = (await storedToken(name))!.id;
    expect((await action("revokeApiTokenAction", [{ id }])).value).toMatchObject({ ok: true });
    const records = (await call("GET", `/api/v2/audit-log?target=${id}`, credentials.apiToken)).json as {
      action: string;
      actor: unknown;
      changes: unknown;
    }[];
    expect(records.map((record) => record.action)).toEqual(["token.revoked", "token.created"]);
    expect(records[1]).toMatchObject({
      actor: { kind: "user", name: "admin" },
      changes: { scopes: ["update:log_streams", "read:audit_log"] },
    });
    expect(JSON.stringify(records)).not.toContain(secret);
  });

  it("never show a secret in the app's output, at debug level", () => {
    expect(secrets.length).toBeGreaterThan(10);
    const output = app.output();
    expect(secrets.filter((secret) => output.includes(secret))).toEqual([]);
    expect(findSecretsIn(output, credentials)).toEqual([]);
  });
});

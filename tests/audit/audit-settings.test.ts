// The alert webhook and the Auth0 source are settings of the whole app: changed on an app of this
// file's own, so that the suites sharing the test app (which compare those settings before and
// after their calls) never see them move.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomSuffix } from "../support/api";
import { appClient } from "../support/app-client";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";
import { adminSessionCookie, callServerAction, serverActionIds } from "../support/server-actions";

const SETTINGS = "app/(admin)/settings/actions.ts";
const SOURCE = "app/(admin)/source/actions.ts";

type Record = { action: string; actor: { kind: string; name: string }; changes: { [field: string]: unknown } | null };

const credentials = newCredentials();
let app: AppServer;
let databaseUrl = "";
let cookie = "";

beforeAll(async () => {
  databaseUrl = (await createTempDatabase()).url;
  app = await startAppServer({ DATABASE_URL: databaseUrl, LOGSTREAMS_WORKER: "off", ...credentialEnv(credentials) });
  cookie = await adminSessionCookie(databaseUrl);
});
afterAll(() => app?.stop());

describe("the audit log of the settings", () => {
  const ids = serverActionIds();
  const call = (key: string, args: unknown[]) =>
    callServerAction(ids.get(key)!, args, { cookie, baseUrl: app.baseUrl, path: "/settings" });
  const recordsOf = async (target: string) =>
    (await appClient(app.baseUrl, credentials).auditLog(`target=${target}&per_page=100`)).json as Record[];

  it("records the alert and source settings, saying only that a secret changed, and holds none of them", async () => {
    const webhookUrl = `https://hooks.example.test/services/${randomSuffix()}${randomSuffix()}`;
    expect((await call(`${SETTINGS}#saveAlertWebhookAction`, [{ url: webhookUrl }])).value).toMatchObject({ ok: true });
    // Saving the same URL again changes nothing and records nothing.
    expect((await call(`${SETTINGS}#saveAlertWebhookAction`, [{ url: webhookUrl }])).value).toMatchObject({ ok: true });
    expect((await call(`${SETTINGS}#saveAlertWebhookAction`, [{ url: "" }])).value).toMatchObject({ ok: true });
    const domain = `audit-${randomSuffix()}.eu.auth0.com`;
    const clientSecret = `client-secret-${randomSuffix()}${randomSuffix()}`;
    expect(
      (await call(`${SOURCE}#saveSourceAction`, [{ domain, clientId: "audit-client", clientSecret }])).value,
    ).toMatchObject({ ok: true });
    expect(
      (await call(`${SOURCE}#saveSourceAction`, [{ domain: "", clientId: "", clientSecret: "" }])).value,
    ).toMatchObject({ ok: true });

    expect((await recordsOf("alerts")).map((r) => [r.action, r.changes])).toEqual([
      ["alerts.removed", { webhookUrl: "changed" }],
      ["alerts.saved", { webhookUrl: "changed" }],
    ]);
    const source = await recordsOf("source");
    expect(source.map((r) => r.action)).toEqual(["source.removed", "source.saved"]);
    expect(source[1]!.changes).toMatchObject({
      domain: { to: domain },
      clientId: { to: "audit-client" },
      clientSecret: "changed",
    });
    for (const record of source) expect(record.actor).toEqual({ kind: "user", name: "admin" });

    const { db } = await import("@/lib/db/client");
    const text = (await db().auditRecord.findMany()).map((row) => JSON.stringify(row)).join("\n");
    expect(text).not.toContain(clientSecret);
    // The webhook URL's path is its secret: not even its host is kept.
    expect(text).not.toContain("hooks.example.test");
  });
});

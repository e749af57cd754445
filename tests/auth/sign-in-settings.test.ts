import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  ROOT,
  startAppServer,
  type AppServer,
  type TempDatabase,
  type TestCredentials,
} from "../support/app-server";
import { callServerAction, serverActionIds } from "../support/server-actions";

function checkEnv(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["dist/check-env.mjs"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

const SSO = {
  LOGSTREAMS_OIDC_ISSUER: "https://idp.example.test/",
  LOGSTREAMS_OIDC_CLIENT_ID: "log-streams",
  LOGSTREAMS_OIDC_CLIENT_SECRET: "sso-client-secret-value",
};

describe("the LOGSTREAMS_OIDC_* and LOGSTREAMS_PASSWORD_LOGIN variables", () => {
  it.each([
    [{ ...SSO, LOGSTREAMS_OIDC_ISSUER: "http://idp.example.test/" }, "LOGSTREAMS_OIDC_ISSUER must be https"],
    [{ LOGSTREAMS_OIDC_ISSUER: "https://idp.example.test/" }, "must be set together"],
    [{ ...SSO, LOGSTREAMS_OIDC_DEFAULT_ROLE: "admin" }, "LOGSTREAMS_OIDC_DEFAULT_ROLE"],
    [{ LOGSTREAMS_PASSWORD_LOGIN: "off" }, "LOGSTREAMS_PASSWORD_LOGIN may be off only with LOGSTREAMS_OIDC_ISSUER set"],
  ])("stop start-up with one line for %o", (env, expected) => {
    const { status, stderr } = checkEnv(env);
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toContain(expected);
    expect(stderr).not.toContain("sso-client-secret-value");
  });

  it("accept plain http for an issuer on loopback", () => {
    expect(checkEnv({ ...SSO, LOGSTREAMS_OIDC_ISSUER: "http://127.0.0.1:9997" }).status).toBe(0);
  });
});

describe("LOGSTREAMS_PASSWORD_LOGIN=off", () => {
  let app: AppServer;
  let database: TempDatabase;
  let credentials: TestCredentials;

  beforeAll(async () => {
    database = await createTempDatabase();
    credentials = newCredentials();
    app = await startAppServer({
      DATABASE_URL: database.url,
      ...credentialEnv(credentials),
      LOGSTREAMS_WORKER: "off",
      ...SSO,
      LOGSTREAMS_PASSWORD_LOGIN: "off",
    });
  });
  afterAll(() => app?.stop());

  it("hides the password form and offers only single sign-on", async () => {
    const page = await (await fetch(`${app.baseUrl}/login`)).text();
    expect(page).toContain("Sign in with idp.example.test");
    expect(page).not.toContain('name="password"');
  });

  it("refuses the right password sent to the sign-in action directly", async () => {
    const call = await callServerAction(
      serverActionIds().get("app/login/actions.ts#signIn")!,
      [null, { username: "admin", password: credentials.adminPassword }],
      { baseUrl: app.baseUrl, path: "/login" },
    );
    expect(call.value).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringContaining("Password sign-in is turned off"),
    });
    expect(call.redirect).toBeNull();
  });

  it("ends a session the break-glass admin opened before it was turned off", async () => {
    process.env.DATABASE_URL = database.url;
    const { db } = await import("@/lib/db/client");
    const { hashToken, randomToken } = await import("@/lib/auth/hashing");
    const token = randomToken();
    await db().adminSession.create({
      data: {
        id: hashToken(token),
        userId: "usr_admin",
        expiresAt: new Date(Date.now() + 60 * 60_000),
        lastSeenAt: new Date(),
      },
    });
    const page = await fetch(`${app.baseUrl}/log-streams`, {
      headers: { cookie: `ls_session=${token}` },
      redirect: "manual",
    });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/^\/login/);
  });
});

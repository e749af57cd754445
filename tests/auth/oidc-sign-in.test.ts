import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcStandin, type OidcStandin } from "../../standins/oidc-provider";
import {
  createTempDatabase,
  credentialEnv,
  freePort,
  newCredentials,
  startAppServer,
  type AppServer,
} from "../support/app-server";
import { appClient } from "../support/app-client";
import { callServerAction, serverActionIds } from "../support/server-actions";

const credentials = newCredentials();

const ROLES_CLAIM = "https://logstreams.example/roles";
const ACCOUNTS = [
  { sub: "eddie", email: "eddie@example.com", name: "Eddie", roles: ["staff", "editor"] },
  { sub: "vera", email: "vera@example.com", name: "Vera", roles: ["viewer"] },
  { sub: "boss", email: "Boss@Example.com", name: "Boss" },
  { sub: "nora", email: "nora@example.com", name: "Nora" },
];

/** Cookies per origin, as a browser keeps them (name → value; attributes are not needed here). */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  private jar(url: URL) {
    let jar = this.jars.get(url.origin);
    if (!jar) this.jars.set(url.origin, (jar = new Map()));
    return jar;
  }

  cookie(url: string | URL, name: string): string | undefined {
    return this.jar(new URL(url)).get(name);
  }

  async request(
    url: string | URL,
    init: RequestInit = {},
  ): Promise<{ status: number; location: URL | null; text: string }> {
    const target = new URL(url);
    const jar = this.jar(target);
    const response = await fetch(target, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair!.split("=");
      const isExpired = attributes.some((a) => /^\s*(max-age=0|expires=Thu, 01 Jan 1970)/i.test(a));
      if (isExpired) jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join("="));
    }
    const location = response.headers.get("location");
    return {
      status: response.status,
      location: location ? new URL(location, target) : null,
      text: await response.text(),
    };
  }
}

type Tamper = { authorizeUrl?: (url: URL) => void; callbackUrl?: (url: URL) => void };

describe("sign-in with OpenID Connect, through a real OpenID Provider on loopback", () => {
  let app: AppServer;
  let op: OidcStandin;

  beforeAll(async () => {
    const port = await freePort();
    const clientSecret = crypto.randomBytes(24).toString("base64url");
    const database = await createTempDatabase();
    app = await startAppServer({
      DATABASE_URL: database.url,
      ...credentialEnv(credentials),
      LOGSTREAMS_WORKER: "off",
      LOGSTREAMS_OIDC_ISSUER: `http://127.0.0.1:${port}`,
      LOGSTREAMS_OIDC_CLIENT_ID: "log-streams",
      LOGSTREAMS_OIDC_CLIENT_SECRET: clientSecret,
      LOGSTREAMS_OIDC_ROLES_CLAIM: ROLES_CLAIM,
      LOGSTREAMS_OIDC_ADMINS: "nobody@example.com, boss@example.com",
    });
    op = await startOidcStandin({
      port,
      redirectUris: [`${app.baseUrl}/auth/callback`],
      accounts: ACCOUNTS,
      rolesClaim: ROLES_CLAIM,
      clientSecret,
    });
  });

  afterAll(async () => {
    await app?.stop();
    await op?.close();
  });

  /** Clicks "Sign in with …", picks `sub` on the provider's login page, and comes back: where the app sends the browser then. */
  async function signIn(browser: Browser, sub: string, tamper: Tamper = {}): Promise<URL> {
    const start = await browser.request(`${app.baseUrl}/auth/login?next=%2Flog-streams`);
    expect(start.status).toBe(307);
    let next = start.location!;
    expect(next.origin).toBe(op.issuer);
    tamper.authorizeUrl?.(next);
    for (let hop = 0; next.origin === op.issuer; hop++) {
      expect(hop).toBeLessThan(10);
      const login = next.pathname.match(/^\/interaction\/[^/]+$/);
      const answer = login
        ? await browser.request(`${next.href}/login`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: `account=${sub}`,
          })
        : await browser.request(next);
      expect(answer.location, `${next.href} answered ${answer.status}: ${answer.text.slice(0, 300)}`).not.toBeNull();
      next = answer.location!;
    }
    expect(next.pathname).toBe("/auth/callback");
    tamper.callbackUrl?.(next);
    const back = await browser.request(next);
    expect(back.status).toBe(307);
    return back.location!;
  }

  async function page(browser: Browser, path: string) {
    return browser.request(`${app.baseUrl}${path}`);
  }

  it("signs in through the provider; the role comes from the roles claim (the strongest role named)", async () => {
    const browser = new Browser();
    expect((await page(browser, "/login")).text).toContain("Sign in with 127.0.0.1");
    const landing = await signIn(browser, "eddie");
    expect(landing.pathname).toBe("/log-streams");
    const streams = await page(browser, "/log-streams");
    expect(streams.status).toBe(200);
    expect(streams.text).toContain("eddie@example.com · editor");
    // The flow's cookie is gone; the session cookie is HttpOnly and host-only.
    expect(browser.cookie(app.baseUrl, "ls_oidc_flow")).toBeUndefined();
    expect(browser.cookie(app.baseUrl, "ls_session")).toBeDefined();
  });

  it("makes the emails in LOGSTREAMS_OIDC_ADMINS admins on their first sign-in (case-insensitive)", async () => {
    const browser = new Browser();
    await signIn(browser, "boss");
    expect((await page(browser, "/users")).status).toBe(200);
    expect((await page(browser, "/log-streams")).text).toContain("Boss@Example.com · admin");
  });

  it("gives a new user without a role claim the default role, none: they are asked to see an admin", async () => {
    const browser = new Browser();
    await signIn(browser, "nora");
    const streams = await page(browser, "/log-streams");
    expect(streams.status).toBe(307);
    expect(streams.location!.pathname).toBe("/no-access");
    expect((await page(browser, "/no-access")).text).toContain("Ask an admin for access");
  });

  it("applies a role change or a removal on the user's next request", async () => {
    const admin = new Browser();
    await signIn(admin, "boss");
    const vera = new Browser();
    await signIn(vera, "vera");
    expect((await page(vera, "/log-streams")).text).toContain("vera@example.com · viewer");
    const users = (await page(admin, "/users")).text;
    const veraId =
      users.match(/id="role-(usr_[A-Za-z0-9]+)"[^>]*>(?:(?!<\/select>).)*?vera/s)?.[1] ??
      users.match(/vera@example\.com.*?id="role-(usr_[A-Za-z0-9]+)"/s)?.[1];
    expect(veraId).toBeDefined();
    const ids = serverActionIds();
    const adminCookie = `ls_session=${admin.cookie(app.baseUrl, "ls_session")}`;

    const promoted = await callServerAction(
      ids.get("app/(admin)/users/actions.ts#setUserRoleAction")!,
      [{ userId: veraId, role: "editor" }],
      { cookie: adminCookie, baseUrl: app.baseUrl, path: "/users" },
    );
    expect(promoted.value).toMatchObject({ ok: true });
    expect((await page(vera, "/log-streams")).text).toContain("vera@example.com · editor");

    const removed = await callServerAction(
      ids.get("app/(admin)/users/actions.ts#removeUserAction")!,
      [{ userId: veraId }],
      { cookie: adminCookie, baseUrl: app.baseUrl, path: "/users" },
    );
    expect(removed.value).toMatchObject({ ok: true });
    expect((await page(vera, "/log-streams")).location?.pathname).toBe("/login");
    // Signing in again is refused until an admin gives a role back.
    const again = await signIn(new Browser(), "vera");
    expect(`${again.pathname}${again.search}`).toBe("/login?error=removed");

    // Each change to vera is in the audit log: created by her first sign-in, then the admin's two.
    const audit = await appClient(app.baseUrl, credentials).auditLog(`target=${veraId}`);
    const records = (audit.json as { action: string; actor: { kind: string; name: string } }[]).map(
      ({ action, actor }) => ({ action, actor }),
    );
    expect(records).toEqual([
      { action: "user.removed", actor: { kind: "user", name: expect.stringMatching(/^boss@example\.com$/i) } },
      { action: "user.role_changed", actor: { kind: "user", name: expect.stringMatching(/^boss@example\.com$/i) } },
      { action: "user.created", actor: { kind: "system", name: "system" } },
    ]);
  });

  describe("refuses, and opens no session", () => {
    async function expectRefused(tamper: Tamper) {
      const browser = new Browser();
      const landing = await signIn(browser, "eddie", tamper);
      expect(`${landing.pathname}${landing.search}`).toBe("/login?error=sso");
      expect(browser.cookie(app.baseUrl, "ls_session")).toBeUndefined();
      expect((await page(browser, "/log-streams")).location?.pathname).toBe("/login");
      expect((await page(browser, "/login?error=sso")).text).toContain("Single sign-on did not complete");
    }

    it("a tampered state", () =>
      expectRefused({ callbackUrl: (url) => url.searchParams.set("state", `${url.searchParams.get("state")}x`) }));

    it("an ID token with another nonce than the one this sign-in sent", () =>
      expectRefused({
        authorizeUrl: (url) => url.searchParams.set("nonce", crypto.randomBytes(16).toString("base64url")),
      }));

    it("an ID token from another issuer", async () => {
      op.tamperIdTokens({ iss: "http://127.0.0.1:1" });
      try {
        await expectRefused({});
      } finally {
        op.tamperIdTokens(null);
      }
    });

    it("an ID token for another audience", async () => {
      op.tamperIdTokens({ aud: "someone-else" });
      try {
        await expectRefused({});
      } finally {
        op.tamperIdTokens(null);
      }
    });

    it("an ID token signed with a key that is not the issuer's", async () => {
      op.tamperIdTokens({ foreignKey: true });
      try {
        await expectRefused({});
      } finally {
        op.tamperIdTokens(null);
      }
    });

    it("a callback without the flow cookie (another browser), and a replayed one", async () => {
      const browser = new Browser();
      let callback: URL | undefined;
      await signIn(browser, "eddie", { callbackUrl: (url) => (callback = new URL(url)) });
      const replay = await browser.request(callback!);
      expect(`${replay.location!.pathname}${replay.location!.search}`).toBe("/login?error=sso");
      const stranger = await new Browser().request(callback!);
      expect(`${stranger.location!.pathname}${stranger.location!.search}`).toBe("/login?error=sso");
    });
  });

  it("logs why a sign-in failed, and never the code or a token", () => {
    expect(app.output()).toContain("dashboard sign-in failed");
    expect(app.output()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});

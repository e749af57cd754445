import crypto from "node:crypto";
import Sqlite from "better-sqlite3";
import { expect as baseExpect, test as base, type Page } from "@playwright/test";
import {
  createTempDatabase,
  credentialEnv,
  newCredentials,
  startAppServer,
  type AppServer,
  type TempDatabase,
} from "../tests/support/app-server";
import { e2eEnv, expect, signIn, test } from "./fixtures/test";

test("every page carries a Content-Security-Policy with a nonce and the other security headers", async ({ page }) => {
  for (const path of ["/login", "/log-streams", "/log-streams/new"]) {
    const response = (await page.goto(path))!;
    const headers = await response.allHeaders();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"])
      expect(headers["content-security-policy"]).toContain(directive);
    expect(headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
      "x-frame-options": "DENY",
    });
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["strict-transport-security"]).toBeUndefined(); // plain http
    if (path === "/login") await signIn(page);
  }
});

test("after sign-in, `next` is followed only to the dashboard's own pages", async ({ page }) => {
  const origin = new URL(e2eEnv().baseUrl).origin;
  for (const next of ["/%5Cevil.example/phish", "//evil.example/phish", "/%09/evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Password", { exact: true }).fill(e2eEnv().adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${origin}/log-streams`);
  }
  await page.context().clearCookies();
  await page.goto("/log-streams/new");
  await expect(page).toHaveURL(/\/login\?next=%2Flog-streams%2Fnew$/);
  await page.getByLabel("Password", { exact: true }).fill(e2eEnv().adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${origin}/log-streams/new`);
});

/** These need an app of their own: they lock the admin out, restart the app or change its password. */
const own = base.extend<{
  app: {
    server: AppServer;
    database: TempDatabase;
    password: string;
    restart: (env?: Record<string, string>) => Promise<void>;
  };
  appEnv: Record<string, string>;
}>({
  appEnv: [{}, { option: true }],
  app: async ({ appEnv }, use) => {
    const database = await createTempDatabase();
    const credentials = newCredentials();
    const env = { DATABASE_URL: database.url, ...credentialEnv(credentials), LOGSTREAMS_WORKER: "off", ...appEnv };
    const app = {
      server: await startAppServer(env),
      database,
      password: credentials.adminPassword,
      restart: async (changes: Record<string, string> = {}) => {
        await app.server.stop();
        app.server = await startAppServer({ ...env, ...changes });
      },
    };
    await use(app);
    await app.server.stop();
  },
});

async function tryPassword(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
) {
  await page.setExtraHTTPHeaders(headers);
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const randomAddress = () => `203.0.113.${crypto.randomInt(1, 255)}`;

/** The seconds the form says to wait, or null when it says the password was wrong. */
async function heldFor(page: Page): Promise<number | null> {
  const alert = page.locator("form").getByRole("alert");
  await baseExpect(alert).toBeVisible();
  const text = (await alert.textContent()) ?? "";
  const held = /Too many sign-in attempts; try again in (\d+) s\./.exec(text);
  if (held) return Number(held[1]);
  baseExpect(text).toBe("Wrong username or password.");
  return null;
}

/**
 * Fails to sign in (waiting out each hold) until the form holds the client for at least
 * `seconds`; fails the test if that takes more than a dozen attempts.
 */
async function failUntilHeld(
  page: Page,
  baseUrl: string,
  username: string,
  seconds: number,
  headers: () => Record<string, string>,
) {
  for (let attempt = 0; attempt < 12; attempt++) {
    await tryPassword(page, baseUrl, username, "wrong", headers());
    const held = await heldFor(page);
    if (held !== null && held >= seconds) return held;
    if (held !== null) await page.waitForTimeout(held * 1000);
  }
  throw new Error(`the sign-in form never held ${username} for ${seconds} s`);
}

own.describe("sign-in throttle", () => {
  own(
    "a client cannot escape it by making up X-Forwarded-For, and the right password waits too",
    async ({ page, app }) => {
      await failUntilHeld(page, app.server.baseUrl, "nobody", 4, () => ({ "X-Forwarded-For": randomAddress() }));
      await tryPassword(page, app.server.baseUrl, "admin", app.password, { "X-Forwarded-For": randomAddress() });
      baseExpect(await heldFor(page)).toBeGreaterThan(0);
      await baseExpect(page).toHaveURL(/\/login/);
    },
  );

  own.describe("behind one trusted proxy", () => {
    own.use({ appEnv: { LOGSTREAMS_TRUST_PROXY: "1" } });

    own(
      "the admin account is held whatever address the guesses come from, and the cookie is Secure over HTTPS",
      async ({ page, app }) => {
        const held = await failUntilHeld(page, app.server.baseUrl, "admin", 4, () => ({
          "X-Forwarded-For": randomAddress(),
        }));
        // Another client is free to sign in to no account (its address is believed, behind the proxy)…
        await tryPassword(page, app.server.baseUrl, "nobody", "wrong", { "X-Forwarded-For": randomAddress() });
        baseExpect(await heldFor(page)).toBeNull();
        // …and the hold lasts seconds: then the right password gets in, here over HTTPS as the proxy says.
        await page.waitForTimeout(held * 1000);
        const signInAnswer = page.waitForResponse((response) => response.request().method() === "POST");
        await tryPassword(page, app.server.baseUrl, "admin", app.password, {
          "X-Forwarded-For": randomAddress(),
          "X-Forwarded-Proto": "https",
        });
        const setCookie = (await (await signInAnswer).headersArray())
          .filter((h) => h.name.toLowerCase() === "set-cookie")
          .map((h) => h.value);
        baseExpect(setCookie).toHaveLength(1);
        baseExpect(setCookie[0]).toMatch(/^__Host-ls_session=/);
        for (const attribute of [/; Secure/i, /; HttpOnly/i, /; SameSite=lax/i, /; Path=\//i])
          baseExpect(setCookie[0]).toMatch(attribute);
        const overHttps = await page.request.get(`${app.server.baseUrl}/login`, {
          headers: { "X-Forwarded-Proto": "https" },
        });
        baseExpect(overHttps.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
      },
    );
  });
});

own.describe("sessions", () => {
  own("end when the admin password changes", async ({ page, app }) => {
    await tryPassword(page, app.server.baseUrl, "admin", app.password);
    await baseExpect(page).toHaveURL(/\/log-streams$/);
    await app.restart({ LOGSTREAMS_ADMIN_PASSWORD: `${app.password}-changed` });
    await page.goto(`${app.server.baseUrl}/log-streams`);
    await baseExpect(page).toHaveURL(/\/login/);
  });

  own("survive a restart with the same password, and end after two idle hours", async ({ page, app }) => {
    await tryPassword(page, app.server.baseUrl, "admin", app.password);
    await baseExpect(page).toHaveURL(/\/log-streams$/);
    await app.restart();
    await page.goto(`${app.server.baseUrl}/log-streams`);
    await baseExpect(page).toHaveURL(/\/log-streams$/);

    if (app.database.kind !== "sqlite") throw new Error("the browser tests run on SQLite");
    const db = new Sqlite(app.database.filePath);
    // As Prisma's SQLite adapter writes a DateTime.
    const threeHoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString().replace("Z", "+00:00");
    baseExpect(db.prepare(`UPDATE "AdminSession" SET "lastSeenAt" = ?`).run(threeHoursAgo).changes).toBe(1);
    db.close();
    await page.goto(`${app.server.baseUrl}/log-streams`);
    await baseExpect(page).toHaveURL(/\/login/);
  });
});

import crypto from "node:crypto";
import { expect, test as base, type Page } from "@playwright/test";
import { startOidcStandin, type OidcStandin } from "../standins/oidc-provider";
import {
  createTempDatabase,
  credentialEnv,
  freePort,
  newCredentials,
  startAppServer,
  type AppServer,
  type TestCredentials,
} from "../tests/support/app-server";
import { expectNoSeriousViolations } from "./fixtures/axe";

const ROLES_CLAIM = "https://logstreams.example/roles";

/** An app of its own that signs in through a real OpenID Provider on loopback, the password turned off. */
const test = base.extend<object, { sso: { app: AppServer; op: OidcStandin; credentials: TestCredentials } }>({
  sso: [
    async ({}, use) => {
      const port = await freePort();
      const clientSecret = crypto.randomBytes(24).toString("base64url");
      const database = await createTempDatabase();
      const credentials = newCredentials();
      const app = await startAppServer({
        DATABASE_URL: database.url,
        ...credentialEnv(credentials),
        LOGSTREAMS_WORKER: "off",
        LOGSTREAMS_OIDC_ISSUER: `http://127.0.0.1:${port}`,
        LOGSTREAMS_OIDC_CLIENT_ID: "log-streams",
        LOGSTREAMS_OIDC_CLIENT_SECRET: clientSecret,
        LOGSTREAMS_OIDC_ROLES_CLAIM: ROLES_CLAIM,
        LOGSTREAMS_PASSWORD_LOGIN: "off",
      });
      const op = await startOidcStandin({
        port,
        clientSecret,
        rolesClaim: ROLES_CLAIM,
        redirectUris: [`${app.baseUrl}/auth/callback`],
        accounts: [
          { sub: "ada", email: "ada@example.com", name: "Ada", roles: ["admin"] },
          { sub: "vera", email: "vera@example.com", name: "Vera", roles: ["viewer"] },
          // Another viewer: the first test removes Vera.
          { sub: "walt", email: "walt@example.com", name: "Walt", roles: ["viewer"] },
        ],
      });
      await use({ app, op, credentials });
      await app.stop();
      await op.close();
    },
    { scope: "worker" },
  ],
});

async function signInAs(page: Page, baseUrl: string, accountName: string) {
  await page.goto(`${baseUrl}/login`);
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await page.getByRole("link", { name: "Sign in with 127.0.0.1" }).click();
  await page.getByLabel("Account").selectOption(accountName.toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${baseUrl}/log-streams`);
}

test("an admin signs in through the OpenID Provider and manages users on an axe-clean Users page", async ({
  page,
  sso,
}) => {
  const vera = await base.step("Vera signs in once, so she is a user", async () => {
    const context = await page.context().browser()!.newContext();
    const veraPage = await context.newPage();
    await signInAs(veraPage, sso.app.baseUrl, "Vera");
    return { context, page: veraPage };
  });

  await signInAs(page, sso.app.baseUrl, "Ada");
  await expect(page.getByTestId("signed-in-as")).toHaveText("ada@example.com · admin");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expectNoSeriousViolations(page, "/users");

  const veraRole = page.getByLabel("Role of vera@example.com");
  await expect(veraRole).toHaveValue("viewer");
  await veraRole.selectOption("editor");
  await expect(page.getByText("vera@example.com: the role is now editor.")).toBeVisible();
  await vera.page.reload();
  await expect(vera.page.getByTestId("signed-in-as")).toHaveText("vera@example.com · editor");

  await page.getByRole("button", { name: "Remove vera@example.com" }).click();
  await expect(page.getByText("vera@example.com was removed.")).toBeVisible();
  await expectNoSeriousViolations(page, "/users with a removed user");
  await vera.page.reload();
  await expect(vera.page).toHaveURL(/\/login/);
  await vera.context.close();
});

test("a viewer sees streams and their settings read-only, secrets masked, and no control", async ({ page, sso }) => {
  const apiKey = crypto.randomBytes(16).toString("hex");
  const created = await fetch(`${sso.app.baseUrl}/api/v2/log-streams`, {
    method: "POST",
    headers: { authorization: `Bearer ${sso.credentials.apiToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: `Viewed ${crypto.randomBytes(3).toString("hex")}`,
      type: "datadog",
      sink: { datadogApiKey: apiKey, datadogRegion: "eu" },
    }),
  });
  expect(created.status).toBe(200);
  const { id } = (await created.json()) as { id: string };

  await signInAs(page, sso.app.baseUrl, "Walt");
  await expect(page.getByRole("link", { name: "Create Stream" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto(`${sso.app.baseUrl}/log-streams/${id}/settings`);
  await expect(page.getByTestId("stream-settings-read-only")).toContainText(`••••${apiKey.slice(-4)}`);
  expect(await page.content()).not.toContain(apiKey);
  await expect(page.getByRole("button", { name: /Pause|Save|Delete/ })).toHaveCount(0);
  await expectNoSeriousViolations(page, "a viewer's stream settings");
  await page.goto(`${sso.app.baseUrl}/log-streams/${id}/health`);
  await expect(page.getByRole("button", { name: /Skip to now|Send test event|Retry/ })).toHaveCount(0);
  await page.goto(`${sso.app.baseUrl}/users`);
  await expect(page).toHaveURL(`${sso.app.baseUrl}/no-access`);
  await expect(page.getByTestId("no-access")).toContainText("viewer role");
  await expectNoSeriousViolations(page, "/no-access");
  await page.context().clearCookies();
  await page.goto(`${sso.app.baseUrl}/login?error=sso`);
  await expect(page.getByText("Single sign-on did not complete")).toBeVisible();
  await expectNoSeriousViolations(page, "/login with single sign-on only, and an error");
});

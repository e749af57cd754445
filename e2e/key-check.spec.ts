import { formatTime } from "../lib/format/time";
import {
  createStreamInWizard,
  expect,
  expectKeyNowhere,
  openSettingsStep,
  signIn,
  streamIdByName,
  test,
  uniqueName,
} from "./fixtures/test";
import { fakeDatadogApiKey } from "../tests/support/fake-key";

test.beforeEach(async ({ page }) => signIn(page));

test("the wizard's Check key says valid, refused (403) next to the field, or unreachable; saving still works", async ({
  page,
  intake,
}) => {
  const name = uniqueName("Key check");
  const apiKey = fakeDatadogApiKey();
  await openSettingsStep(page, name);
  await page.getByLabel("API Key", { exact: true }).fill(apiKey);
  const result = page.getByTestId("key-check-result");

  await page.getByRole("button", { name: "Check key" }).click();
  await expect(result).toHaveText("Datadog accepted this key.");

  await intake.setFault(apiKey, { status: 403 });
  await page.getByRole("button", { name: "Check key" }).click();
  await expect(result).toContainText("Datadog refused this key (403)");

  await intake.setFault(apiKey, { status: 503 });
  await page.getByRole("button", { name: "Check key" }).click();
  await expect(result).toContainText("Could not check the key: Datadog answered 503. Saving still works");
  await expectKeyNowhere(page, apiKey);

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/log-streams$/);
  await intake.setFault(apiKey, null);
});

test("Settings' Check key checks the stored key when none is typed", async ({ page, intake }) => {
  const name = uniqueName("Key check settings");
  const apiKey = fakeDatadogApiKey();
  await createStreamInWizard(page, name, apiKey);
  await page.goto(`/log-streams/${await streamIdByName(name)}/settings`);
  const result = page.getByTestId("key-check-result");

  await page.getByRole("button", { name: "Check key" }).click();
  await expect(result).toHaveText("Datadog accepted this key.");

  await intake.setFault(apiKey, { status: 403 });
  await page.getByRole("button", { name: "Check key" }).click();
  await expect(result).toContainText("Datadog refused this key (403)");
  await expectKeyNowhere(page, apiKey);
  await intake.setFault(apiKey, null);
});

test("Health says when a suspended stream's key was checked next and when it resumed after the key was accepted again", async ({
  page,
}) => {
  const databaseUrl = process.env.E2E_DATABASE_URL ?? "";
  test.skip(!databaseUrl.startsWith("file:"), "writes the stream's state straight into the SQLite file");
  const name = uniqueName("Key healed");
  await createStreamInWizard(page, name, fakeDatadogApiKey());
  const id = await streamIdByName(name);
  const { default: Sqlite } = await import("better-sqlite3");
  const sqlite = new Sqlite(databaseUrl.replace(/^file:/, ""));
  const at = (date: Date) => date.toISOString().replace("Z", "+00:00");
  // What the dispatcher writes: suspended for a 403 with a check due in 5 minutes (tests/delivery/key-heal.test.ts drives it).
  const nextCheck = new Date(Date.now() + 5 * 60_000);
  sqlite
    .prepare(
      `UPDATE "LogStream" SET "status" = 'suspended', "statusReason" = 'Datadog rejected the API key (403)', "statusChangedAt" = ?, "keyCheckAt" = ? WHERE "id" = ?`,
    )
    .run(at(new Date()), at(nextCheck), id);
  await page.goto(`/log-streams/${id}/health`);
  await expect(page.getByTestId("status-banner")).toContainText("The key is checked with Datadog automatically");

  const resumedAt = new Date();
  sqlite
    .prepare(
      `UPDATE "LogStream" SET "status" = 'active', "statusReason" = NULL, "statusChangedAt" = ?, "keyCheckAt" = NULL, "keyAcceptedAt" = ? WHERE "id" = ?`,
    )
    .run(at(resumedAt), at(resumedAt), id);
  sqlite.close();
  await page.reload();
  await expect(page.getByTestId("key-accepted")).toHaveText(
    `Resumed after the key was accepted again (${formatTime(resumedAt)}).`,
  );
});

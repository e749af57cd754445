import { createStreamInWizard, expect, expectKeyNowhere, openSettingsStep, randomApiKey, signIn, streamIdByName, test, uniqueName } from "./fixtures/test";

test.beforeEach(async ({ page }) => signIn(page));

test("the wizard's Check key says valid, refused (403) next to the field, or unreachable; saving still works", async ({ page, intake }) => {
  const name = uniqueName("Key check");
  const apiKey = randomApiKey();
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
  const apiKey = randomApiKey();
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

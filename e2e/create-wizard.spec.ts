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

test("creates a Datadog stream through the wizard and lists it", async ({ page }) => {
  const name = uniqueName("Datadog prod");
  const apiKey = fakeDatadogApiKey();
  await page.goto("/log-streams");
  await page.getByRole("link", { name: "Create Stream" }).first().click();
  await expect(page.getByText("Not available").first()).toBeVisible();
  await createStreamInWizard(page, name, apiKey, "EU1 — datadoghq.eu");

  await expect(page.getByText("Stream created")).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Datadog");
  await expect(row).toContainText("active");
  await expect(row).toContainText("EU1");
  await expect(row).toContainText("datadoghq.eu");
  await expectKeyNowhere(page, apiKey);
});

test("checks the name as you type", async ({ page }) => {
  const name = uniqueName("Taken");
  await createStreamInWizard(page, name, fakeDatadogApiKey());
  await page.goto("/log-streams/new");
  await page.getByRole("button", { name: "Datadog" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await expect(page.getByText("A stream with this name already exists")).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue" })).toBeDisabled();
  await page.getByLabel("Name", { exact: true }).fill(`${name} 2`);
  await expect(page.getByText("This name is available.")).toBeVisible();
});

test("saves filters, PII and priority chosen in the wizard", async ({ page }) => {
  const name = uniqueName("Filtered");
  await openSettingsStep(page, name);
  await page.getByLabel("API Key", { exact: true }).fill(fakeDatadogApiKey());
  await page.getByLabel("Login - Failure", { exact: true }).check();
  await page.getByLabel("Prioritized logs", { exact: true }).check();
  await page.getByLabel("Mask or hash personal data (PII)", { exact: true }).check();
  await page.getByLabel("Username", { exact: true }).check();
  await page.getByLabel("Hash (xxhash64)", { exact: true }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/log-streams$/);

  const id = await streamIdByName(name);
  await page.goto(`/log-streams/${id}/settings`);
  await expect(page.getByLabel("Login - Failure", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Prioritized logs", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Username", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Hash (xxhash64)", { exact: true })).toBeChecked();
});

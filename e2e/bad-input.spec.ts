import {
  api,
  createStreamInWizard,
  e2eEnv,
  expect,
  openSettingsStep,
  signIn,
  streamIdByName,
  test,
  uniqueName,
} from "./fixtures/test";
import { fakeDatadogApiKey } from "../tests/support/fake-key";

test.beforeEach(async ({ page }) => signIn(page));

async function streamCount(): Promise<number> {
  return ((await api().listStreams()).json as unknown[]).length;
}

async function typeName(page: import("@playwright/test").Page, name: string) {
  await page.goto("/log-streams/new");
  await page.getByRole("button", { name: "Datadog" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
}

test("names: too long, refused characters, blank", async ({ page }) => {
  await typeName(page, "x".repeat(129));
  await expect(page.getByText("name must be at most 128 characters")).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue" })).toBeDisabled();

  await page.getByLabel("Name", { exact: true }).fill("bad/name<script>");
  await expect(page.getByText("name may only contain letters, digits, spaces and - _ . ( )")).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill("   ");
  await expect(page.getByText("name is required")).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue" })).toBeDisabled();
});

test("an empty API key shows its error and creates nothing", async ({ page }) => {
  const before = await streamCount();
  const name = uniqueName("No key");
  await openSettingsStep(page, name);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("datadogApiKey is required")).toBeVisible();
  expect(await streamCount()).toBe(before);
  expect(await streamIdByName(name)).toBeUndefined();
});

test("PII enabled with no field chosen shows its error and creates nothing", async ({ page }) => {
  const name = uniqueName("No PII field");
  await openSettingsStep(page, name);
  await page.getByLabel("API Key", { exact: true }).fill(fakeDatadogApiKey());
  await page.getByLabel("Mask or hash personal data (PII)", { exact: true }).check();
  await page.getByLabel("Email", { exact: true }).uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("choose at least one PII field")).toBeVisible();
  expect(await streamIdByName(name)).toBeUndefined();
});

test("a name taken while the wizard was open is reported by the server", async ({ page, browser }) => {
  const name = uniqueName("Race");
  await openSettingsStep(page, name);
  await page.getByLabel("API Key", { exact: true }).fill(fakeDatadogApiKey());
  const other = await browser.newPage({ baseURL: e2eEnv().baseUrl });
  await signIn(other);
  await createStreamInWizard(other, name, fakeDatadogApiKey());
  await other.close();

  const before = await streamCount();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Name: A stream with this name already exists")).toBeVisible();
  expect(await streamCount()).toBe(before);
});

test("settings refuse a bad new key and keep the old values", async ({ page }) => {
  const name = uniqueName("Edit bad");
  const apiKey = fakeDatadogApiKey();
  await createStreamInWizard(page, name, apiKey);
  const id = await streamIdByName(name);
  await page.goto(`/log-streams/${id}/settings`);
  await page.getByLabel("API Key", { exact: true }).fill("has spaces in it");
  await page.getByLabel("Region", { exact: true }).selectOption("eu");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("datadogApiKey may not contain spaces or non-ASCII characters")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Region", { exact: true })).toHaveValue("us");
  await expect(page.getByLabel("API Key", { exact: true })).toHaveAttribute("placeholder", `••••${apiKey.slice(-4)}`);
});

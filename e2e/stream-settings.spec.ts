import {
  api,
  createStreamInWizard,
  expect,
  expectKeyNowhere,
  signIn,
  streamIdByName,
  test,
  uniqueName,
} from "./fixtures/test";
import { fakeDatadogApiKey } from "../tests/support/fake-key";

test.beforeEach(async ({ page }) => signIn(page));

async function newStream(page: import("@playwright/test").Page) {
  const name = uniqueName("Settings");
  const apiKey = fakeDatadogApiKey();
  await createStreamInWizard(page, name, apiKey);
  const id = await streamIdByName(name);
  await page.goto(`/log-streams/${id}/settings`);
  return { name, apiKey, id: id! };
}

test("changes the API key and region, kept after reload with the key masked", async ({ page }) => {
  const { apiKey } = await newStream(page);
  await expect(page.getByLabel("API Key", { exact: true })).toHaveAttribute("placeholder", `••••${apiKey.slice(-4)}`);
  const newKey = fakeDatadogApiKey();
  await page.getByLabel("API Key", { exact: true }).fill(newKey);
  await page.getByLabel("Region", { exact: true }).selectOption("us5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Region", { exact: true })).toHaveValue("us5");
  await expect(page.getByLabel("API Key", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("API Key", { exact: true })).toHaveAttribute("placeholder", `••••${newKey.slice(-4)}`);
  await expectKeyNowhere(page, newKey);
  await expectKeyNowhere(page, apiKey);
});

test("a blank key keeps the stored one", async ({ page }) => {
  const { apiKey } = await newStream(page);
  await page.getByLabel("Region", { exact: true }).selectOption("ap1");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("API Key", { exact: true })).toHaveAttribute("placeholder", `••••${apiKey.slice(-4)}`);
  await expect(page.getByLabel("Region", { exact: true })).toHaveValue("ap1");
});

test("pauses and resumes", async ({ page }) => {
  await newStream(page);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText("Stream paused")).toBeVisible();
  await expect(page.getByText("paused", { exact: true })).toBeVisible();
  await page.reload();
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByText("Stream resumed")).toBeVisible();
  await expect(page.getByText("active", { exact: true })).toBeVisible();
});

test("asks before Resume sends events older than 18 hours, and resumes only when confirmed", async ({ page }) => {
  await newStream(page);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText("Stream paused")).toBeVisible();
  const event = {
    log_id: `old-${Math.random().toString(36).slice(2, 10)}`,
    data: { type: "f", date: "2021-03-04T05:06:07.890Z" },
  };
  expect((await api().ingest([event])).status).toBe(202);

  const settingsUrl = page.url();
  await page.goto(settingsUrl.replace(/\/settings$/, "/health"));
  await expect(page.getByTestId("backlog-held")).toContainText("kept on disk, past the retention period");
  await page.goto(settingsUrl);

  const warning = page.getByRole("dialog", { name: "Send events older than 18 hours?" });
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(warning).toContainText("1 event to send is older than 18 hours");
  await expect(warning).toContainText("log_streams.delayed");
  await warning.getByRole("button", { name: "Cancel" }).click();
  await expect(warning).toBeHidden();
  await expect(page.getByRole("button", { name: "Resume" })).toBeFocused();
  await page.reload();
  await expect(page.getByText("paused", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Resume" }).click();
  await warning.getByRole("button", { name: "Resume anyway" }).click();
  await expect(page.getByText("Stream resumed")).toBeVisible();
});

test("deletes after the stream's name is typed", async ({ page }) => {
  const { name, id } = await newStream(page);
  await page.getByRole("button", { name: "Delete stream" }).click();
  const confirm = page.getByRole("button", { name: "Delete", exact: true });
  await expect(confirm).toBeDisabled();
  await page.getByLabel("Stream name", { exact: true }).fill("wrong name");
  await expect(confirm).toBeDisabled();
  await page.getByLabel("Stream name", { exact: true }).fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/log-streams$/);
  await expect(page.getByText(`Stream “${name}” deleted`)).toBeVisible();
  expect(await streamIdByName(name)).toBeUndefined();
  const response = await page.goto(`/log-streams/${id}/settings`);
  expect(response!.status()).toBe(404);
});

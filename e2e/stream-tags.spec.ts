import {
  api,
  createStreamByApi,
  expect,
  ingestFailedLogins,
  openSettingsStep,
  signIn,
  streamIdByName,
  test,
  uniqueName,
} from "./fixtures/test";
import { fakeDatadogApiKey } from "../tests/support/fake-key";

test.beforeEach(async ({ page }) => signIn(page));

async function readStream(id: string) {
  return (await api().getStream(id)).json as { name: string; sink: { datadogTags?: string; datadogRegion: string } };
}

test("tags set in the wizard go on every delivered log as ddtags", async ({ page, intake }) => {
  const name = uniqueName("Tags wizard");
  const apiKey = fakeDatadogApiKey();
  await openSettingsStep(page, name);
  await page.getByLabel("API Key", { exact: true }).fill(apiKey);
  const tags = page.getByLabel("Tags (optional)", { exact: true });

  await tags.fill("env:prod,host:web-1");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: 'tag "host:web-1" uses the reserved key host' }),
  ).toBeVisible();
  await expect(tags).toHaveAttribute("aria-invalid", "true");
  expect(await streamIdByName(name)).toBeUndefined();

  await tags.fill("Env:Prod, team:iam");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/log-streams$/);
  const id = (await streamIdByName(name))!;
  expect((await readStream(id)).sink.datadogTags).toBe("env:prod,team:iam");

  const logIds = await ingestFailedLogins(3);
  await expect
    .poll(async () => (await intake.received(apiKey)).items.map((i) => i.log_id), { timeout: 15_000 })
    .toEqual(logIds);
  for (const item of (await intake.received(apiKey)).items)
    expect(item).toMatchObject({ ddtags: "env:prod,team:iam", ddsource: "auth0", service: "auth0" });
});

test("tags are changed and removed in Settings; bad tags show the rule and change nothing", async ({ page }) => {
  const name = uniqueName("Tags settings");
  const id = await createStreamByApi(name, fakeDatadogApiKey(), { datadogTags: "env:prod" });
  await page.goto(`/log-streams/${id}/settings`);
  const tags = page.getByLabel("Tags (optional)", { exact: true });
  await expect(tags).toHaveValue("env:prod");

  await page.getByLabel("Region", { exact: true }).selectOption("eu");
  await tags.fill("env:prod,team:i am");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: 'tag "team:i am" may only contain letters, digits and _ - : . /' }),
  ).toBeVisible();
  expect((await readStream(id)).sink).toMatchObject({ datadogTags: "env:prod", datadogRegion: "us" });

  await tags.fill("env:Staging,team:iam");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Tags (optional)", { exact: true })).toHaveValue("env:staging,team:iam");
  expect((await readStream(id)).sink).toMatchObject({ datadogTags: "env:staging,team:iam", datadogRegion: "eu" });

  await page.getByLabel("Tags (optional)", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await expect.poll(async () => (await readStream(id)).sink.datadogTags).toBeUndefined();
});

import {
  api,
  createStreamInWizard,
  expect,
  ingestFailedLogins,
  signIn,
  streamIdByName,
  test,
  uniqueName,
} from "./fixtures/test";
import { fakeDatadogApiKey } from "../tests/support/fake-key";

test.beforeEach(async ({ page }) => signIn(page));

async function setStatus(id: string, status: "active" | "paused") {
  expect((await api().patchStream(id, { status })).status).toBe(200);
}

test("Skip to now says how many waiting events it skips, records it in Health, and later events are delivered", async ({
  page,
  intake,
}) => {
  const name = uniqueName("Skip");
  const apiKey = fakeDatadogApiKey();
  await createStreamInWizard(page, name, apiKey);
  const id = (await streamIdByName(name))!;
  await setStatus(id, "paused");
  await ingestFailedLogins(4);
  await page.goto(`/log-streams/${id}/health`);
  await expect(page.getByTestId("figure-backlog")).toHaveText("4");

  await page.getByRole("button", { name: "Skip to now" }).click();
  await expect(page.getByTestId("skip-count")).toHaveText(
    "4 waiting events will never be sent to Datadog. The stream goes on with events received from now on.",
  );
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("figure-backlog")).toHaveText("4");

  await page.getByRole("button", { name: "Skip to now" }).click();
  await expect(page.getByTestId("skip-count")).toContainText("4 waiting events");
  await page.getByRole("button", { name: "Skip", exact: true }).click();
  await expect(page.getByTestId("skipped")).toContainText("Skipped 4 waiting events on");
  await expect(page.getByTestId("figure-backlog")).toHaveText("0");

  await setStatus(id, "active");
  const fresh = await ingestFailedLogins(1);
  await expect
    .poll(async () => (await intake.received(apiKey)).items.map((i) => i.log_id), { timeout: 15_000 })
    .toEqual(fresh);
});

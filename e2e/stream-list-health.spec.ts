import { createStreamInWizard, expect, ingestFailedLogins, signIn, test, uniqueName } from "./fixtures/test";
import { fakeDatadogApiKey } from "../tests/support/fake-key";

test.beforeEach(async ({ page }) => signIn(page));

test("the stream list shows each stream's last delivery, failures in 24 h and backlog: a broken stream stands out", async ({
  page,
  intake,
}) => {
  const healthy = { name: uniqueName("List healthy"), apiKey: fakeDatadogApiKey() };
  const broken = { name: uniqueName("List broken"), apiKey: fakeDatadogApiKey() };
  const idle = { name: uniqueName("List idle"), apiKey: fakeDatadogApiKey() };
  await createStreamInWizard(page, healthy.name, healthy.apiKey);
  await createStreamInWizard(page, broken.name, broken.apiKey);
  await intake.setFault(broken.apiKey, { status: 403 });
  const row = (name: string) => page.getByRole("row").filter({ hasText: name });

  await expect(row(healthy.name).getByTestId("health-last-delivery")).toHaveText("Never delivered");
  await expect(row(healthy.name).getByTestId("health-failed")).toHaveText("No failures");
  await expect(row(healthy.name).getByTestId("health-backlog")).toHaveText("None waiting");

  const logIds = await ingestFailedLogins(4);
  await expect
    .poll(async () => (await intake.received(healthy.apiKey)).items.length, { timeout: 15_000 })
    .toBe(logIds.length);
  await expect
    .poll(async () => (await intake.received(broken.apiKey)).requests.length, { timeout: 15_000 })
    .toBeGreaterThan(0);
  // Created after the events: it has nothing to deliver and never delivered.
  await createStreamInWizard(page, idle.name, idle.apiKey);

  await expect(async () => {
    await page.reload();
    await expect(row(broken.name).getByTestId("health-failed")).toHaveText("4 events failed", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row(broken.name).getByTestId("health-backlog")).toHaveText("4 events waiting");
  await expect(row(broken.name).getByTestId("health-last-delivery")).toHaveText("Never delivered");
  await expect(row(broken.name)).toContainText("suspended");

  await expect(row(healthy.name).getByTestId("health-last-delivery")).toHaveText(/^(just now|\d+ min ago)$/);
  await expect(row(healthy.name).getByTestId("health-failed")).toHaveText("No failures");
  await expect(row(healthy.name).getByTestId("health-backlog")).toHaveText("None waiting");

  await expect(row(idle.name).getByTestId("health-last-delivery")).toHaveText("Never delivered");
  await expect(row(idle.name).getByTestId("health-backlog")).toHaveText("None waiting");
});

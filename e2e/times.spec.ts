import type { Locator, Page } from "@playwright/test";
import { formatTime } from "../lib/format/time";
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

// Far from any server's zone (UTC+14): a time formatted in the browser's zone reads differently from the server's.
const BROWSER_TIMEZONE = "Pacific/Kiritimati";
test.use({ timezoneId: BROWSER_TIMEZONE });

/** Console errors and uncaught page errors (a hydration mismatch is reported as one or the other). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** Waits until React has hydrated the page (it attaches its fiber to the DOM nodes), so a mismatch would have been reported. */
async function waitForHydration(page: Page) {
  await page.waitForFunction(() =>
    Object.keys(document.querySelector("h1") ?? {}).some((key) => key.startsWith("__reactFiber")),
  );
}

/** A <time> shows its moment in UTC, as the server wrote it, not in the browser's zone. */
async function expectUtc(time: Locator) {
  const iso = await time.getAttribute("datetime");
  expect(iso).toMatch(/Z$/);
  await expect(time).toHaveText(formatTime(iso!));
  await expect(time).toHaveAttribute("title", formatTime(iso!, { seconds: true }));
  return iso!;
}

async function streamById(id: string): Promise<{ status: string }> {
  return (await api().getStream(id)).json as { status: string };
}

test.beforeEach(async ({ page }) => signIn(page));

test("the stream list and Health show times in UTC and hydrate without error in a browser in another timezone", async ({
  page,
  intake,
}) => {
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(BROWSER_TIMEZONE);
  expect(new Date().getTimezoneOffset(), "the server (this machine) runs in another zone than the browser").not.toBe(
    -14 * 60,
  );
  const healthy = { name: uniqueName("Times healthy"), apiKey: fakeDatadogApiKey() };
  const rejected = { name: uniqueName("Times rejected"), apiKey: fakeDatadogApiKey() };
  await createStreamInWizard(page, healthy.name, healthy.apiKey);
  await createStreamInWizard(page, rejected.name, rejected.apiKey);
  await intake.setFault(rejected.apiKey, { status: 403 });
  const logIds = await ingestFailedLogins(3);
  await expect
    .poll(async () => (await intake.received(healthy.apiKey)).items.length, { timeout: 15_000 })
    .toBe(logIds.length);
  const id = await streamIdByName(rejected.name);
  await expect.poll(async () => (await streamById(id!)).status, { timeout: 20_000 }).toBe("suspended");

  const errors = collectErrors(page);
  await page.goto("/log-streams");
  await waitForHydration(page);
  const lastDelivery = page
    .getByRole("row")
    .filter({ hasText: healthy.name })
    .getByTestId("health-last-delivery")
    .locator("time");
  await expect(lastDelivery).toHaveText(/^(just now|\d+ min ago)$/);
  await expect(lastDelivery).toHaveAttribute("title", /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2} UTC$/);

  await page.goto(`/log-streams/${id}/health`);
  await waitForHydration(page);
  const banner = page.getByTestId("status-banner");
  const suspendedOn = await expectUtc(banner.locator("time").first());
  await expect(banner.locator("p").nth(1)).toHaveText(
    new RegExp(
      `^Datadog rejected the API key \\(403\\) — update the key in Settings\\. Suspended on ${formatTime(suspendedOn)}\\. ` +
        `The key is checked with Datadog automatically \\(next at \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} UTC\\): the stream resumes by itself once Datadog accepts it\\.$`,
    ),
  );
  await expectUtc(banner.locator("time").nth(1));
  await expectUtc(page.getByTestId("failure-row").first().locator("time").first());
  await expect(page.getByTestId("health-chart")).toContainText("Times are UTC.");
  // The page is live (hydrated): a row opens.
  await page
    .getByTestId("failure-row")
    .first()
    .getByRole("button", { name: /attempt/ })
    .click();
  await expect(page.getByText(logIds[0]!)).toBeVisible();

  expect(errors).toEqual([]);
  await intake.setFault(rejected.apiKey, null);
});

test("a stream suspended for failing too long says since when, from its stored moments", async ({ page }) => {
  const databaseUrl = process.env.E2E_DATABASE_URL ?? "";
  test.skip(!databaseUrl.startsWith("file:"), "writes the stream's state straight into the SQLite file");
  const name = uniqueName("Times auto-suspended");
  await createStreamInWizard(page, name, fakeDatadogApiKey());
  const id = await streamIdByName(name);
  const { default: Sqlite } = await import("better-sqlite3");
  const sqlite = new Sqlite(databaseUrl.replace(/^file:/, ""));
  const at = (date: Date) => date.toISOString().replace("Z", "+00:00");
  // What the dispatcher writes once deliveries have failed for LOGSTREAMS_SUSPEND_AFTER_HOURS (tests/delivery/delivery-outcomes.test.ts drives it).
  const failingSince = new Date("2026-11-20T08:30:00Z");
  const suspendedAt = new Date("2026-11-27T08:45:00Z");
  sqlite
    .prepare(
      `UPDATE "LogStream" SET "status" = 'suspended', "statusReason" = ?, "statusChangedAt" = ?, "failingSince" = ? WHERE "id" = ?`,
    )
    .run(
      "Suspended automatically: deliveries kept failing — check the failures below, then Resume",
      at(suspendedAt),
      at(failingSince),
      id,
    );
  sqlite.close();

  const errors = collectErrors(page);
  await page.goto(`/log-streams/${id}/health`);
  await waitForHydration(page);
  await expect(page.getByTestId("status-banner").locator("p").nth(1)).toHaveText(
    "Suspended automatically: deliveries kept failing — check the failures below, then Resume. Suspended on 27 Nov 2026, 08:45 UTC; deliveries have failed since 20 Nov 2026, 08:30 UTC.",
  );
  expect(errors).toEqual([]);
});

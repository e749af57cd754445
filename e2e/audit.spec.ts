import { fakeDatadogApiKey } from "../tests/support/fake-key";
import { expectNoSeriousViolations } from "./fixtures/axe";
import { createStreamByApi, expect, signIn, test, uniqueName } from "./fixtures/test";

test.describe("the Audit log page", () => {
  let streamName: string;
  let streamId: string;

  test.beforeAll(async () => {
    streamName = uniqueName("Audited");
    streamId = await createStreamByApi(streamName, fakeDatadogApiKey());
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`lists the records newest first, filters them, and is axe-clean (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await signIn(page);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
      await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
      // Signing in is itself recorded, first in the list.
      await expect(page.getByTestId("audit-row").first()).toContainText("session.signed_in");
      await expectNoSeriousViolations(page, "audit log");

      await page.getByLabel("Target", { exact: true }).fill(streamId);
      await page.getByLabel("Action", { exact: true }).selectOption("stream.created");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page).toHaveURL(new RegExp(`target=${streamId}`));
      const rows = page.getByTestId("audit-row");
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText(streamName);
      await expect(rows.first()).toContainText("LOGSTREAMS_API_TOKEN");
      await expect(rows.first().locator("time")).toHaveAttribute("datetime", /Z$/);
      await expectNoSeriousViolations(page, "audit log filtered");

      await page.getByLabel("Action", { exact: true }).selectOption("stream.deleted");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page.getByTestId("audit-empty")).toHaveText("No audit records match these filters.");
      await expectNoSeriousViolations(page, "audit log empty");
    });
  }

  test("ignores unknown or malformed query values instead of failing", async ({ page }) => {
    await signIn(page);
    for (const query of [
      "action=constructor",
      "action=__proto__&page=-3",
      "page=99999999999",
      "actor[]=x&target=",
      `page=abc&target=${"x".repeat(5000)}`,
    ]) {
      const response = await page.goto(`/audit?${query}`);
      expect(response?.status(), query).toBe(200);
      await expect(page.getByRole("heading", { name: "Audit log" }), query).toBeVisible();
    }
  });
});

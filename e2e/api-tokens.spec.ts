import { expectNoSeriousViolations } from "./fixtures/axe";
import { e2eEnv, expect, signIn, test, uniqueName } from "./fixtures/test";

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

// Both color schemes: axe checks the contrast of the new token's panel and of the dialog in each.
for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} color scheme`, () => {
    test.use({ colorScheme });

    test("create a token on the API tokens page, copy it, use it, revoke it", async ({ page }) => {
      const { baseUrl } = e2eEnv();
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
      await signIn(page);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
      await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();

      const name = uniqueName("CI reader");
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByRole("checkbox", { name: /^read:log_streams/ }).check();
      await page.getByLabel("Expires", { exact: true }).selectOption({ label: "In 7 days" });
      await page.getByRole("button", { name: "Create token" }).click();

      const secretField = page.getByLabel(`The token '${name}'`);
      await expect(secretField).toHaveValue(/^[\w-]{40,}$/);
      const secret = await secretField.inputValue();
      await expectNoSeriousViolations(page, "API tokens with a new token shown");
      await page.getByRole("button", { name: "Copy" }).click();
      await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

      const list = await fetch(`${baseUrl}/api/v2/log-streams`, { headers: bearer(secret) });
      expect(list.status).toBe(200);
      const create = await fetch(`${baseUrl}/api/v2/log-streams`, {
        method: "POST",
        headers: bearer(secret),
        body: JSON.stringify({ name: uniqueName("nope"), type: "datadog", sink: {} }),
      });
      expect(create.status).toBe(403);
      expect(await create.json()).toMatchObject({
        errorCode: "insufficient_scope",
        message: "Insufficient scope, expected any of: create:log_streams",
      });

      // Shown once: after a reload the page lists the token without its secret.
      await page.reload();
      const row = page.getByTestId("token-row").filter({ hasText: name });
      await expect(row).toContainText("read:log_streams");
      await expect(row).toContainText("admin");
      await expect(row).toContainText("just now");
      expect(await page.content()).not.toContain(secret);
      await expectNoSeriousViolations(page, "API tokens list");

      await row.getByRole("button", { name: `Revoke ${name}` }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await expectNoSeriousViolations(page, "revoke token dialog");
      await page.getByRole("button", { name: "Revoke token" }).click();
      await expect(page.getByRole("dialog")).toBeHidden();
      await expect(row).toHaveCount(0);
      expect((await fetch(`${baseUrl}/api/v2/log-streams`, { headers: bearer(secret) })).status).toBe(401);
    });
  });
}

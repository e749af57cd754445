import { startAuth0Standin } from "../standins/auth0-standin";
import { startRecordingServer } from "../tests/support/redirect";
import { expectNoSeriousViolations } from "./fixtures/axe";
import { expect, signIn, test } from "./fixtures/test";

test("shows why pulling from Auth0 stopped when the credentials are wrong, and pulls once they are fixed", async ({
  page,
}) => {
  const tenant = await startAuth0Standin({ clientSecret: "the-right-client-secret-e2e" });
  tenant.append([
    { type: "f", description: "Wrong email or password." },
    { type: "s", description: "Successful login" },
  ]);
  try {
    await signIn(page);
    await page.getByRole("banner").getByRole("link", { name: "Source" }).click();
    await expect(page).toHaveURL(/\/source$/);

    await page.getByLabel("Domain").fill(tenant.baseUrl);
    await page.getByLabel("Client ID").fill(tenant.clientId);
    await page.getByLabel("Client secret").fill("a-wrong-client-secret-e2e");
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("source-result")).toContainText(
      "Auth0 refused the client credentials (401 Unauthorized)",
    );

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("source-result")).toContainText("Saved");
    // The puller reads the new settings at its next poll; the page reads the status every 5 s.
    await expect(page.getByTestId("source-last-error")).toContainText(
      "Auth0 refused the client credentials (401 Unauthorized)",
      { timeout: 30_000 },
    );
    await expect(page.getByTestId("source-last-error")).toContainText("read:logs");
    await expectNoSeriousViolations(page, "source page with a refusal");
    expect(await page.content()).not.toContain("a-wrong-client-secret-e2e");

    await page.getByLabel("Client secret").fill("the-right-client-secret-e2e");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("source-last-error")).toHaveText("none", { timeout: 30_000 });
    await expect(page.getByTestId("source-status")).toContainText(tenant.logs().at(-1)!.log_id);
    const html = await (await page.request.get("/source")).text();
    expect(html).not.toContain("the-right-client-secret-e2e");

    // The saved secret goes to the saved domain only: another domain needs its own secret typed.
    const otherHost = await startRecordingServer();
    try {
      await page.getByLabel("Domain").fill(otherHost.url);
      await page.getByLabel("Client secret").fill("");
      await page.getByRole("button", { name: "Test connection" }).click();
      await expect(page.getByTestId("source-result")).toContainText("Enter the client secret to test another domain");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await expect(page.getByTestId("source-result")).toContainText("Enter the client secret for the new domain");
      expect(otherHost.requests).toEqual([]);
    } finally {
      await otherHost.close();
    }
  } finally {
    // The shared app stops pulling from a tenant that is about to go away.
    await page.getByLabel("Domain").fill("");
    await page.getByLabel("Client ID").fill("");
    await page.getByLabel("Client secret").fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("source-result")).toContainText("Removed");
    await tenant.close();
  }
});

test.describe("dark color scheme", () => {
  test.use({ colorScheme: "dark" });

  test("the Source page passes axe", async ({ page }) => {
    await signIn(page);
    await page.goto("/source");
    await expect(page.getByRole("heading", { name: "Source" })).toBeVisible();
    await expectNoSeriousViolations(page, "source page, dark");
  });
});

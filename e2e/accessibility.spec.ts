import { expectNoSeriousViolations } from "./fixtures/axe";
import {
  api,
  createFailingStream,
  expect,
  openSettingsStep,
  openSettingsStepOf,
  signIn,
  test,
  uniqueName,
} from "./fixtures/test";

let failingStreamId: string;

test.beforeAll(async () => {
  failingStreamId = await createFailingStream(uniqueName("A11y failing"));
});

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} color scheme`, () => {
    test.use({ colorScheme });

    test("the sign-in page, also with an error", async ({ page }) => {
      await page.goto("/login");
      await expectNoSeriousViolations(page, "sign-in");
      await page.getByLabel("Password", { exact: true }).fill("wrong password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText("Wrong username or password.")).toBeVisible();
      await expectNoSeriousViolations(page, "sign-in with an error");
    });

    test("the stream list, the installation settings and an unknown stream's page", async ({ page }) => {
      await signIn(page);
      await page.goto("/log-streams");
      await expect(page.getByRole("table")).toBeVisible();
      await expectNoSeriousViolations(page, "stream list");
      await page.goto("/settings");
      await expectNoSeriousViolations(page, "installation settings");
      await page.goto("/tokens");
      await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, "API tokens");
      await page.goto("/log-streams/lst_unknown/settings");
      await expect(page.getByText("This page could not be found.")).toBeVisible();
      await expectNoSeriousViolations(page, "not found");
    });

    test("each step of the Create Stream wizard", async ({ page }) => {
      await signIn(page);
      await page.goto("/log-streams/new");
      await expect(page.getByText("Not available").first()).toBeVisible();
      await expectNoSeriousViolations(page, "wizard type step");
      await page.getByRole("button", { name: "Datadog" }).click();
      await page.getByLabel("Name", { exact: true }).fill(uniqueName("A11y wizard"));
      await expect(page.getByText("This name is available.")).toBeVisible();
      await expectNoSeriousViolations(page, "wizard name step");

      await openSettingsStep(page, uniqueName("A11y wizard"));
      await page.getByLabel("Mask or hash personal data (PII)", { exact: true }).check();
      await expectNoSeriousViolations(page, "wizard settings step");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await expect(page.getByRole("alert").first()).toBeVisible();
      await expectNoSeriousViolations(page, "wizard settings step with errors");
    });

    test("the settings step of each other destination, with errors, and a webhook stream's Settings and Health", async ({
      page,
    }) => {
      await signIn(page);
      for (const label of ["Custom Webhook", "Splunk", "Sumo Logic"]) {
        await openSettingsStepOf(page, label, uniqueName("A11y destination"));
        if (label === "Custom Webhook") await page.getByRole("button", { name: "Add header" }).click();
        await expectNoSeriousViolations(page, `${label} settings step`);
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await expect(page.getByRole("alert").first()).toBeVisible();
        await expectNoSeriousViolations(page, `${label} settings step with errors`);
      }
      const created = await api().createStream({
        name: uniqueName("A11y webhook"),
        type: "http",
        sink: {
          httpEndpoint: "https://hooks.example.com/a11y",
          httpAuthorization: "Bearer a11y-secret-1234",
          httpCustomHeaders: [{ header: "X-Tenant", value: "acme" }],
        },
      });
      const { id } = created.json as { id: string };
      await page.goto(`/log-streams/${id}/settings`);
      await expect(page.getByLabel("Endpoint URL", { exact: true })).toBeVisible();
      await expectNoSeriousViolations(page, "webhook stream settings");
      await page.goto(`/log-streams/${id}/health`);
      await expect(page.getByRole("button", { name: "Send test event" })).toBeVisible();
      await expectNoSeriousViolations(page, "webhook stream health");
    });

    test("a stream's Settings and Health with failures, and their dialogs", async ({ page }) => {
      await signIn(page);
      await page.goto(`/log-streams/${failingStreamId}/settings`);
      await expect(page.getByLabel("API Key", { exact: true })).toBeVisible();
      await expectNoSeriousViolations(page, "stream settings");
      await page.getByRole("button", { name: "Delete stream" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await expectNoSeriousViolations(page, "delete dialog");
      await page.keyboard.press("Escape");

      await page.goto(`/log-streams/${failingStreamId}/health`);
      const row = page.getByTestId("failure-row").first();
      await row.getByRole("button", { name: /attempts/ }).click();
      await expect(row.getByText("Injected fault 503")).toBeVisible();
      // Failures are announced at once; the chart's figures are also given in words and as a table.
      await expect(page.getByTestId("status-banner")).toHaveAttribute("role", "alert");
      const chart = page.getByRole("figure", { name: /delivered, [1-9][\d,]* failed/ });
      await expect(chart).toBeVisible();
      await chart.getByText("Show the figures as a table").click();
      await expect(chart.getByRole("table")).toContainText("Failed");
      await expectNoSeriousViolations(page, "health with failures");
      await page.getByRole("button", { name: "Skip to now" }).click();
      await expect(page.getByTestId("skip-count")).toContainText("waiting events will never be sent");
      await expectNoSeriousViolations(page, "skip to now dialog");
    });
  });
}

test.describe("dark color scheme", () => {
  test.use({ colorScheme: "dark" });

  test("pages have a dark background and light text", async ({ page }) => {
    await signIn(page);
    // Computed colors are oklch(); a canvas turns them into RGB to measure their lightness.
    const lightness = (selector: string, property: "backgroundColor" | "color") =>
      page.evaluate(
        ({ selector, property }) => {
          const context = document.createElement("canvas").getContext("2d")!;
          context.fillStyle = getComputedStyle(document.querySelector(selector)!)[property];
          context.fillRect(0, 0, 1, 1);
          const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
          return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
        },
        { selector, property },
      );
    expect(await lightness("body", "backgroundColor")).toBeLessThan(0.2);
    expect(await lightness("body", "color")).toBeGreaterThan(0.8);
    expect(await lightness("header", "backgroundColor")).toBeLessThan(0.2);
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, signIn, test } from "./fixtures/test";

/** A loopback chat webhook recording the texts it receives. */
async function startWebhook() {
  const texts: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      texts.push((JSON.parse(body) as { text: string }).text);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0001/B0001/webhooksecretpart`;
  return { url, texts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("saves the alert webhook without ever showing its secret path, and sends a test alert", async ({ page }) => {
  const webhook = await startWebhook();
  try {
    await signIn(page);
    await page.getByRole("banner").getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByTestId("alert-webhook-current")).toContainText("Alerts are off");

    await page.getByLabel("Webhook URL").fill("not a url");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("alert-settings-result")).toContainText("Enter an http(s) URL");

    await page.getByLabel("Webhook URL").fill(webhook.url);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("alert-settings-result")).toContainText("Saved");
    await page.reload();
    await expect(page.getByTestId("alert-webhook-current")).toContainText("/services/…");
    expect(await page.content()).not.toContain("webhooksecretpart");

    await page.getByRole("button", { name: "Send test alert" }).click();
    await expect(page.getByTestId("alert-settings-result")).toContainText("accepted the test alert (200)");
    // The shared app's other streams may be failing: their alerts go to the webhook too.
    expect(webhook.texts.filter((text) => text.includes("Test alert from Log Streams"))).toHaveLength(1);
  } finally {
    // The e2e app is shared: leave alerts off for the other specs.
    await page.goto("/settings");
    await page.getByLabel("Replace the webhook URL").fill("");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("alert-settings-result")).toContainText("Alerts are off");
    await webhook.close();
  }
});

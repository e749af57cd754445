import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import { startSplunkHec, type SplunkHec } from "../standins/splunk-hec";
import { startSumoSource, type SumoSourceStandin } from "../standins/sumo-source";
import { startWebhookReceiver, type WebhookReceiver } from "../standins/webhook-receiver";
import {
  api,
  expect,
  ingestFailedLogins,
  openSettingsStepOf,
  signIn,
  streamIdByName,
  tabTo,
  test,
  uniqueName,
} from "./fixtures/test";

// The wizard creates a stream of each type beyond Datadog, whose events then reach a loopback stand-in;
// Settings edits one, keeping a secret left blank; Splunk's Check token; the headers list by keyboard.
let receiver: WebhookReceiver;
let hec: SplunkHec;
let sumo: SumoSourceStandin;
test.beforeAll(async () => {
  [receiver, hec, sumo] = await Promise.all([startWebhookReceiver(), startSplunkHec(), startSumoSource()]);
});
test.afterAll(async () => {
  await Promise.all([receiver.close(), hec.close(), sumo.close()]);
});
test.beforeEach(async ({ page }) => signIn(page));

const freshPath = () => `/hook/${crypto.randomBytes(4).toString("hex")}`;

/** Saves the wizard's settings step; returns the new stream's row in the list. */
async function saveStream(page: Page, name: string) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/log-streams$/);
  await expect(page.getByText("Stream created")).toBeVisible();
  return page.getByRole("row", { name: new RegExp(name) });
}

/** Fails unless the page, as shown and as the server sends it, never holds `secret`. */
async function expectSecretNowhere(page: Page, secret: string) {
  expect(await page.content()).not.toContain(secret);
  expect(await (await page.request.get(page.url())).text()).not.toContain(secret);
}

test("creates a Custom Webhook stream with a custom header; its test event and events reach the receiver", async ({
  page,
}) => {
  const name = uniqueName("Webhook");
  const path = freshPath();
  const secret = `Bearer wizard-${crypto.randomBytes(8).toString("hex")}`;
  await openSettingsStepOf(page, "Custom Webhook", name);
  await page.getByLabel("Endpoint URL", { exact: true }).fill(receiver.urlFor(path));
  await page.getByLabel("Content format", { exact: true }).selectOption("JSONLINES");
  await page.getByLabel("Authorization token", { exact: true }).fill(secret);
  await expect(page.getByLabel("Authorization token", { exact: true })).toHaveAttribute("type", "password");
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header name 1", { exact: true }).fill("X-Tenant");
  await page.getByLabel("Header value 1", { exact: true }).fill("acme");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByTestId("test-event-result")).toContainText("Custom Webhook accepted the test event");

  const row = await saveStream(page, name);
  await expect(row).toContainText("Custom Webhook");
  await expect(row).toContainText(new URL(receiver.baseUrl).host);
  await expectSecretNowhere(page, secret);

  const logIds = await ingestFailedLogins(2);
  await expect
    .poll(() => receiver.received(path).map((event) => event.log_id), { timeout: 20_000 })
    .toEqual(expect.arrayContaining(logIds));
  const delivered = receiver.requests(path).at(-1)!;
  expect(delivered.format).toBe("JSONLINES");
  expect(delivered.headers).toMatchObject({ authorization: secret, "x-tenant": "acme" });
});

test("Splunk's Check token says valid or refused; the stream created delivers to HEC", async ({ page }) => {
  const name = uniqueName("Splunk");
  const token = crypto.randomUUID();
  hec.addToken(token);
  await openSettingsStepOf(page, "Splunk", name);
  await page.getByLabel("Splunk domain", { exact: true }).fill(hec.domain);
  await page.getByLabel("Port", { exact: true }).fill(hec.port);
  await page.getByLabel("Verify TLS certificate", { exact: true }).uncheck();
  const result = page.getByTestId("key-check-result");
  await page.getByLabel("HEC token", { exact: true }).fill(crypto.randomUUID());
  await page.getByRole("button", { name: "Check token" }).click();
  await expect(result).toContainText("Splunk refused this token (403)");
  await page.getByLabel("HEC token", { exact: true }).fill(token);
  await page.getByRole("button", { name: "Check token" }).click();
  await expect(result).toHaveText("Splunk accepted this token.");

  const row = await saveStream(page, name);
  await expect(row).toContainText("Splunk");
  await expect(row).toContainText(hec.domain);
  await expectSecretNowhere(page, token);

  const logIds = await ingestFailedLogins(2);
  await expect
    .poll(() => hec.received(token).map((e) => (e.event as { log_id: string }).log_id), { timeout: 20_000 })
    .toEqual(expect.arrayContaining(logIds));
});

test("creates a Sumo Logic stream; the list shows the source's host, never its token; events reach the source", async ({
  page,
}) => {
  const name = uniqueName("Sumo");
  const source = sumo.createSource();
  await openSettingsStepOf(page, "Sumo Logic", name);
  await page.getByLabel("HTTP source address", { exact: true }).fill(source.address);
  const row = await saveStream(page, name);
  await expect(row).toContainText("Sumo Logic");
  await expect(row).toContainText(new URL(source.address).host);
  await expectSecretNowhere(page, source.token);

  const logIds = await ingestFailedLogins(2);
  await expect
    .poll(() => sumo.received(source.token).map((event) => event.log_id), { timeout: 20_000 })
    .toEqual(expect.arrayContaining(logIds));
});

test("the wizard shows the type's schema errors on its fields", async ({ page }) => {
  await openSettingsStepOf(page, "Custom Webhook", uniqueName("Bad webhook"));
  await page.getByLabel("Endpoint URL", { exact: true }).fill("ftp://hooks.example.com/x");
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header name 1", { exact: true }).fill("Host");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("httpEndpoint must be an https URL")).toBeVisible();
  await expect(page.getByText("header 'Host' cannot be set", { exact: false })).toBeVisible();
  await expect(page).toHaveURL(/\/log-streams\/new$/);
});

test("Settings of a webhook stream: a blank Authorization keeps the stored one; other changes are saved", async ({
  page,
}) => {
  const path = freshPath();
  const secret = `Bearer kept-${crypto.randomBytes(8).toString("hex")}`;
  receiver.requireAuthorization(path, secret);
  const created = await api().createStream({
    name: uniqueName("Webhook kept"),
    type: "http",
    sink: { httpEndpoint: receiver.urlFor(path), httpAuthorization: secret },
  });
  expect(created.status).toBe(200);
  const { id } = created.json as { id: string };

  await page.goto(`/log-streams/${id}/settings`);
  const authorization = page.getByLabel("Authorization token", { exact: true });
  await expect(authorization).toHaveValue("");
  await expect(authorization).toHaveAttribute("placeholder", new RegExp(`${secret.slice(-4)}$`));
  await expect(page.getByText("Leave blank to keep it.", { exact: false })).toBeVisible();
  await page.getByLabel("Content format", { exact: true }).selectOption("JSONOBJECT");
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header name 1", { exact: true }).fill("X-Env");
  await page.getByLabel("Header value 1", { exact: true }).fill("prod");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await expectSecretNowhere(page, secret);

  const sink = ((await api().getStream(id)).json as { sink: Record<string, unknown> }).sink;
  expect(sink).toMatchObject({
    httpContentFormat: "JSONOBJECT",
    httpCustomHeaders: [{ header: "X-Env", value: "prod" }],
  });
  expect(String(sink.httpAuthorization).endsWith(secret.slice(-4))).toBe(true);
  // The receiver answers 401 to any other Authorization: the events arriving show the secret was kept.
  const logIds = await ingestFailedLogins(2);
  await expect
    .poll(() => receiver.received(path).map((event) => event.log_id), { timeout: 20_000 })
    .toEqual(expect.arrayContaining(logIds));
  expect(receiver.requests(path).at(-1)!.headers).toMatchObject({ authorization: secret, "x-env": "prod" });

  await page.goto(`/log-streams/${id}/health`);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByTestId("test-event-result")).toContainText("Custom Webhook accepted the test event");
});

test("Settings of a webhook stream can remove its stored Authorization; events then go without it", async ({
  page,
}) => {
  const path = freshPath();
  const secret = `Bearer removed-${crypto.randomBytes(8).toString("hex")}`;
  const created = await api().createStream({
    name: uniqueName("Webhook removed"),
    type: "http",
    sink: { httpEndpoint: receiver.urlFor(path), httpAuthorization: secret },
  });
  const { id } = created.json as { id: string };

  await page.goto(`/log-streams/${id}/settings`);
  const remove = page.getByLabel("Remove the saved authorization token", { exact: true });
  await remove.check();
  await expect(page.getByLabel("Authorization token", { exact: true })).toBeDisabled();
  await expect(page.getByText("Removed when you save.")).toBeVisible();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();

  const sink = ((await api().getStream(id)).json as { sink: Record<string, unknown> }).sink;
  expect(sink).not.toHaveProperty("httpAuthorization");
  await page.reload();
  await expect(page.getByLabel("Remove the saved authorization token", { exact: true })).toHaveCount(0);
  const logIds = await ingestFailedLogins(1);
  await expect
    .poll(() => receiver.received(path).map((event) => event.log_id), { timeout: 20_000 })
    .toEqual(expect.arrayContaining(logIds));
  expect(receiver.requests(path).at(-1)!.headers).not.toHaveProperty("authorization");
});

test("the type tiles and the headers list work with the keyboard alone", async ({ page }) => {
  const name = uniqueName("Keyboard webhook");
  await page.goto("/log-streams/new");
  const tile = page.getByRole("button", { name: "Custom Webhook" });
  await tabTo(page, tile);
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");

  const endpoint = page.getByLabel("Endpoint URL", { exact: true });
  await expect(endpoint).toBeFocused();
  await page.keyboard.type(receiver.urlFor(freshPath()));
  const addHeader = page.getByRole("button", { name: "Add header" });
  await tabTo(page, addHeader);
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Header name 1", { exact: true })).toBeFocused();
  await page.keyboard.type("X-Drop");
  await tabTo(page, page.getByRole("button", { name: "Remove header 1" }));
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Header name 1", { exact: true })).toHaveCount(0);
  await expect(addHeader).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.type("X-Team");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Header value 1", { exact: true })).toBeFocused();
  await page.keyboard.type("iam");
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/log-streams$/);
  const id = await streamIdByName(name);
  const sink = ((await api().getStream(id!)).json as { sink: Record<string, unknown> }).sink;
  expect(sink.httpCustomHeaders).toEqual([{ header: "X-Team", value: "iam" }]);
});

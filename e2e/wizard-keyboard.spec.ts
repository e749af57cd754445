import type { Locator } from "@playwright/test";
import { api, expect, signIn, streamIdByName, tabTo, test, uniqueName } from "./fixtures/test";
import { fakeDatadogApiKey } from "../tests/support/fake-key";

/** The focused element shows a focus indicator: an outline or a ring (box-shadow). */
async function expectVisibleFocus(target: Locator) {
  const style = await target.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { outline: computed.outlineStyle, outlineWidth: computed.outlineWidth, shadow: computed.boxShadow };
  });
  const hasOutline = style.outline !== "none" && style.outlineWidth !== "0px";
  expect(hasOutline || style.shadow !== "none", `focus indicator ${JSON.stringify(style)}`).toBe(true);
}

test("the Create Stream wizard can be completed with the keyboard alone", async ({ page }) => {
  await signIn(page);
  await page.goto("/log-streams/new");
  const name = uniqueName("Keyboard");
  const apiKey = fakeDatadogApiKey();

  const datadogTile = page.getByRole("button", { name: "Datadog" });
  await tabTo(page, datadogTile);
  await expectVisibleFocus(datadogTile);
  await page.keyboard.press("Enter");

  // Enter in the name field continues, once the name is checked.
  const nameField = page.getByLabel("Name", { exact: true });
  await expect(nameField).toBeFocused();
  await expectVisibleFocus(nameField);
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");

  const region = page.getByLabel("Region", { exact: true });
  await expect(region).toBeVisible();
  await tabTo(page, region);
  await expectVisibleFocus(region);
  await page.keyboard.press("ArrowDown");
  await expect(region).toHaveValue("eu");
  const keyField = page.getByLabel("API Key", { exact: true });
  await tabTo(page, keyField, "Shift+Tab");
  await page.keyboard.type(apiKey);
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/log-streams$/);
  const id = await streamIdByName(name);
  expect(id).toBeDefined();
  const stream = (await api().getStream(id!)).json as { sink: { datadogRegion: string; datadogApiKey: string } };
  expect(stream.sink.datadogRegion).toBe("eu");
  expect(stream.sink.datadogApiKey.endsWith(apiKey.slice(-4))).toBe(true);
});

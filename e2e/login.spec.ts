import { e2eEnv, expect, signIn, test } from "./fixtures/test";

test("an unauthenticated visit goes to the sign-in page", async ({ page }) => {
  await page.goto("/log-streams");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Log Streams" })).toBeVisible();
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong username or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("the admin signs in and out", async ({ page, context }) => {
  await signIn(page);
  const cookie = (await context.cookies()).find((c) => c.name === "ls_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(cookie!.value).not.toContain(e2eEnv().adminPassword);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/log-streams");
  await expect(page).toHaveURL(/\/login/);
});

import { expect, refused, test } from "../fixtures/test";
import { ADMIN } from "../fixtures/demo";
import { InboxPage, LoginPage, signIn, waitForHydration } from "../fixtures/pages";

// Some of these tests are refused on purpose (the page shows why): 401.
test.use({ expectedConsole: [refused(401)] });

test("a wrong password shows an error and opens no session", async ({ page, context }) => {
  const login = new LoginPage(page);
  await login.goto();
  await waitForHydration(page);
  await login.signIn(ADMIN.email, "not-the-password");
  await expect(login.error()).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login$/);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "chatlane_session")).toBeUndefined();
});

test("signing in opens the inbox with the demo conversations", async ({ page, context }) => {
  await signIn(page, ADMIN);
  await new InboxPage(page).expectLoaded();
  await expect(page.getByTestId("viewer-name")).toHaveText(ADMIN.name);
  const session = (await context.cookies()).find((c) => c.name === "chatlane_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
});

test("signed-out visitors are sent to the login page", async ({ page }) => {
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login$/);
});

import { expect, refused, test } from "../fixtures/test";
import { ADMIN, AGENT } from "../fixtures/demo";
import { signIn, waitForHydration } from "../fixtures/pages";

// Some of these tests are refused on purpose (the page shows why): 422.
test.use({ expectedConsole: [refused(422)] });

test("an admin creates an API token, copies it, uses it and revokes it", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, ADMIN);
  await page.goto("/settings/api-tokens");
  await waitForHydration(page);

  // A name is required, and the message sits next to the field.
  await page.getByTestId("token-create").click();
  await expect(page.getByTestId("token-error")).toHaveText("This field is required.");

  const name = `Zapier ${Date.now()}`;
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("token-create").click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveValue(/^chl_\d+_[A-Za-z0-9_-]{43}$/);
  const token = await shown.inputValue();

  await page.getByTestId("token-copy").click();
  await expect(page.getByTestId("token-copy")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row.getByTestId("token-last-used")).toHaveText("Never");

  const auth = { Authorization: `Bearer ${token}` };
  const inboxes = await request.get("/api/v1/inboxes", { headers: auth });
  expect(inboxes.status()).toBe(200);
  expect((await inboxes.json()).data.length).toBeGreaterThan(0);

  // The list records the use; reloading never shows the secret again.
  await page.reload();
  await waitForHydration(page);
  await expect(row.getByTestId("token-last-used")).not.toHaveText("Never");
  await expect(page.getByTestId("new-token")).toHaveCount(0);

  await row.getByTestId("token-revoke").click();
  await row.getByTestId("token-revoke-confirm").click();
  await expect(page.getByTestId("token-row").filter({ hasText: name })).toHaveCount(0);
  const after = await request.get("/api/v1/inboxes", { headers: auth });
  expect(after.status()).toBe(401);
  expect((await after.json()).code).toBe("UNAUTHENTICATED");
});

test("an agent has API tokens of their own, from the sidebar, and sees no one else's", async ({ page, request }) => {
  // An admin's token the agent must not see.
  await signIn(page, ADMIN);
  await page.goto("/settings/api-tokens");
  await waitForHydration(page);
  const adminsToken = `Admin's ${Date.now()}`;
  await page.getByTestId("token-name").fill(adminsToken);
  await page.getByTestId("token-create").click();
  await expect(page.getByTestId("new-token")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link")).toHaveText([
    "Members",
    "Channels",
    "Custom entities",
    "API tokens",
    "Webhooks",
  ]);
  await page.context().clearCookies();

  await signIn(page, AGENT);
  await page.getByTestId("nav-api-tokens").click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  await waitForHydration(page);
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link")).toHaveText(["API tokens"]);
  const name = `Agent's ${Date.now()}`;
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("token-create").click();
  const token = await page.getByTestId("new-token").inputValue();
  const rows = page.getByTestId("token-row");
  await expect(rows.filter({ hasText: name })).toHaveCount(1);
  await expect(rows.filter({ hasText: adminsToken })).toHaveCount(0);
  const headers = { authorization: `Bearer ${token}` };
  expect((await request.get("/api/v1/inboxes", { headers })).status()).toBe(200);
  expect((await request.get("/api/v1/integrations", { headers })).status()).toBe(403);
});

import { expect, refused, test } from "../fixtures/test";
import { ADMIN, AGENT } from "../fixtures/demo";
import { signIn } from "../fixtures/pages";

// Some of these tests are refused on purpose (the page shows why): 403.
test.use({ expectedConsole: [refused(403)] });

test("an agent who opens an admin page is told it is for admins only", async ({ page }) => {
  await signIn(page, AGENT);
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("admins-only")).toContainText("Admins only");
  await expect(page.getByTestId("team-members")).toHaveCount(0);
});

test("an admin sees the team's members", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  await expect(page.getByTestId("team-members")).toContainText(AGENT.email);
});

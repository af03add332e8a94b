import { expect, test } from "@playwright/test";
import { ADMIN, AGENT } from "../fixtures/demo";
import { signIn, waitForHydration } from "../fixtures/pages";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an agent can sign in and read the inbox and a thread", async ({ page }) => {
    await page.goto("/login");
    await page.getByTestId("login-email").fill(AGENT.email);
    await page.getByTestId("login-password").fill(AGENT.password);
    await page.getByTestId("login-submit").click();
    await expect(page).toHaveURL(/\/inbox/);
    await expect(page.getByTestId("conversation-item").first()).toBeVisible();
    await page.getByTestId("conversation-item").first().click();
    await expect(page.getByTestId("message").first()).toBeVisible();
  });
});

test("pages hydrate without console errors", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await signIn(page, AGENT);
  for (const path of ["/inbox", "/inbox/1?profile=1", "/contacts"]) {
    await page.goto(path);
    await waitForHydration(page);
  }
  expect(problems).toEqual([]);
});

test("admin pages hydrate without console errors", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await signIn(page, ADMIN);
  for (const path of ["/integrations", "/integrations/new", "/settings/custom-entities", "/settings/channels", "/settings/api-tokens", "/settings/webhooks"]) {
    await page.goto(path);
    await waitForHydration(page);
  }
  expect(problems).toEqual([]);
});

test("the inbox is usable on a 390 px wide phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, AGENT);
  await expect(page.getByTestId("conversation-item").first()).toBeVisible();
  await page.getByTestId("conversation-item").first().click();
  await expect(page.getByTestId("reply-body")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

import { expect, test } from "../fixtures/test";
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

// Console errors and page errors fail every test (fixtures/test.ts); these two visit each page.
test("pages hydrate without console errors", async ({ page }) => {
  await signIn(page, AGENT);
  for (const path of ["/inbox", "/inbox/1?profile=1", "/contacts"]) {
    await page.goto(path);
    await waitForHydration(page);
  }
});

test("admin pages hydrate without console errors", async ({ page }) => {
  await signIn(page, ADMIN);
  for (const path of ["/integrations", "/integrations/new", "/settings/custom-entities", "/settings/channels", "/settings/api-tokens", "/settings/webhooks"]) {
    await page.goto(path);
    await waitForHydration(page);
  }
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

test("a page error fails the test it happens in", async ({ page }) => {
  // The watch in fixtures/test.ts must turn this passing body into a failure.
  test.fail();
  await page.goto("/login");
  await waitForHydration(page);
  const reported = page.waitForEvent("pageerror");
  await page.evaluate(() => setTimeout(() => { throw new Error("a deliberate page error"); }, 0));
  await reported;
});

test("the browser bundle and the stylesheet come compressed from content-hashed URLs cached for a year", async ({ page }) => {
  const bundle: { url: string; encoding?: string; cache?: string }[] = [];
  page.on("response", (response) => {
    if (/\.(wasm|js|css)$/.test(new URL(response.url()).pathname)) {
      const headers = response.headers();
      bundle.push({ url: response.url(), encoding: headers["content-encoding"], cache: headers["cache-control"] });
    }
  });
  const document = await page.goto("/login");
  expect(document?.headers()["cache-control"]).toBe("no-cache");
  await waitForHydration(page);
  expect(bundle.map((b) => new URL(b.url).pathname.replace(/\/static\/[0-9a-f]{16}\//, "/static/<hash>/"))).toEqual(
    expect.arrayContaining(["/static/<hash>/pkg/chatlane.js", "/static/<hash>/pkg/chatlane.wasm", "/assets/app.css"]),
  );
  for (const file of bundle) {
    expect(file.encoding, file.url).toBe("br");
    expect(file.cache, file.url).toBe("public, max-age=31536000, immutable");
  }
});

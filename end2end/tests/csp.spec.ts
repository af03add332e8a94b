import { expect, test } from "../fixtures/test";
import { ADMIN } from "../fixtures/demo";
import { InboxPage, signIn, waitForHydration } from "../fixtures/pages";

// Every page is served with a Content-Security-Policy (a nonce for Leptos's inline scripts,
// 'wasm-unsafe-eval' for the wasm, no 'unsafe-eval', no inline anything else); the shared fixture
// fails any test whose pages report a violation. These tests walk the app's heaviest screens
// under it and check that the policy is really enforced.

test("the app works with its Content-Security-Policy enforced, and reports no violation", async ({ page }) => {
  const policies: string[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "document") {
      policies.push(response.headers()["content-security-policy"] ?? "");
    }
  });
  await signIn(page, ADMIN);
  const inbox = new InboxPage(page);
  await inbox.openConversation(0);
  await inbox.openContactProfile();
  await expect(page.getByTestId("external-data")).toBeVisible();

  await page.goto("/integrations/new");
  await waitForHydration(page);
  await page.getByTestId("tab-template").click();
  await page.getByTestId("template-preset").selectOption("Customer overview");
  await expect(page.getByTestId("builder-section").first()).toBeVisible();
  await expect(page.getByTestId("template-preview")).toBeVisible();

  expect(policies.length).toBeGreaterThan(0);
  for (const policy of policies) {
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}' 'wasm-unsafe-eval'/);
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).toContain("frame-ancestors 'none'");
  }
});

test.describe("a script the server did not sign", () => {
  test.use({ expectedConsole: [/Content Security Policy|CSP violation/] });

  test("is refused and reported", async ({ page }) => {
    await signIn(page, ADMIN);
    const ran = await page.evaluate(async () => {
      const seen = new Promise<string>((resolve) =>
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true }),
      );
      const script = document.createElement("script");
      script.textContent = "window.__injected = true;";
      document.body.appendChild(script);
      const directive = await seen;
      return { directive, injected: (window as unknown as { __injected?: boolean }).__injected === true };
    });
    expect(ran.injected).toBe(false);
    expect(ran.directive).toMatch(/^script-src/);
  });
});

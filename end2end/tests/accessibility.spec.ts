import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "../fixtures/test";
import { ADMIN } from "../fixtures/demo";
import { InboxPage, signIn, waitForHydration } from "../fixtures/pages";

/** Fails on every "serious" or "critical" axe finding (WCAG 2.1 A and AA) on the page as shown,
 * naming the rule and the first elements it found. */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const findings = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  expect(findings, `${what}: serious or critical accessibility findings`).toEqual([]);
}

test("the sign-in page, the inbox, a conversation with the profile sheet and the contacts page pass axe", async ({ page }) => {
  await page.goto("/login");
  await waitForHydration(page);
  await expectAccessible(page, "login");

  await signIn(page, ADMIN);
  const inbox = new InboxPage(page);
  await inbox.expectLoaded();
  await expectAccessible(page, "inbox");

  await inbox.openConversation(0);
  await inbox.openContactProfile();
  await expect(page.getByTestId("contact-profile-sheet").getByTestId("profile-name")).toBeVisible();
  await expectAccessible(page, "conversation with the profile sheet");

  await page.goto("/contacts");
  await waitForHydration(page);
  await expectAccessible(page, "contacts");
});

test("the integration editor's tabs, the template builder and the settings pages pass axe", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations");
  await waitForHydration(page);
  await expectAccessible(page, "integrations");

  await page.goto("/integrations/new");
  await waitForHydration(page);
  await expectAccessible(page, "editor: Configuration");
  for (const [tab, what] of [
    ["tab-testing", "editor: Testing"],
    ["tab-template", "editor: Template (the builder)"],
    ["tab-inboxes", "editor: Inboxes"],
  ] as const) {
    await page.getByTestId(tab).click();
    await expectAccessible(page, what);
  }

  for (const path of ["/settings", "/settings/channels", "/settings/custom-entities", "/settings/api-tokens", "/settings/webhooks"]) {
    await page.goto(path);
    await waitForHydration(page);
    await expectAccessible(page, path);
  }
});

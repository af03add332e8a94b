import { expect, test } from "../fixtures/test";
import { AGENT } from "../fixtures/demo";
import { InboxPage, signIn } from "../fixtures/pages";

test("the profile sheet opens with the contact's details and a place for external data", async ({ page }) => {
  await signIn(page, AGENT);
  const inbox = new InboxPage(page);
  // A demo contact with every detail (other specs add conversations, with other contacts, on top).
  await inbox.conversations().filter({ hasText: "Sarah Chen" }).first().click();
  await expect(page.getByTestId("thread")).toBeVisible();
  const contactName = (await page.getByTestId("open-contact").textContent())?.trim() ?? "";
  // The visit the contact's browser last reported, folded under the header until opened.
  const visit = page.getByTestId("visitor-details");
  await expect(visit).toContainText(/^Visitor · [A-Z][a-z]+, /);
  await expect(page.getByTestId("visitor-ip")).toBeHidden();
  await visit.locator("summary").click();
  await expect(page.getByTestId("visitor-ip")).toHaveText(/^203\.0\.113\.\d+$/);
  await expect(page.getByTestId("visitor-page").locator("a")).toHaveAttribute("href", /^https:\/\/www\.acme\.example\//);
  await inbox.openContactProfile();
  const sheet = page.getByTestId("contact-profile-sheet");
  await expect(sheet.getByTestId("profile-name")).toHaveText(contactName);
  await expect(sheet.getByTestId("profile-email")).toContainText("@");
  await expect(sheet.getByTestId("profile-phone")).toHaveText(/^\+\d{8,15}$/);
  await expect(sheet.getByTestId("profile-location")).toHaveText(/^[A-Z][a-z]+, /);
  await expect(sheet.getByTestId("profile-attributes")).toContainText("Plan");
  await expect(sheet.getByTestId("profile-conversations").locator("li").first()).toBeVisible();
  await expect(sheet.getByTestId("external-data")).toContainText("External Data");
  await sheet.getByTestId("close-profile").click();
  await expect(sheet).toHaveCount(0);
});

test("contacts can be searched by name, email or phone", async ({ page }) => {
  await signIn(page, AGENT);
  await page.goto("/contacts");
  await page.getByTestId("contact-search").fill("sarah");
  await page.getByTestId("contact-search").press("Enter");
  await expect(page.getByTestId("contact-row")).toHaveCount(1);
  await expect(page.getByTestId("contact-row")).toContainText("Sarah Chen");
  await page.getByTestId("contact-row").click();
  await expect(page.getByTestId("contact-profile-sheet").getByTestId("profile-name")).toHaveText("Sarah Chen");
});

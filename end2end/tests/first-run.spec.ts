// The first run as the README tells a newcomer to try it: `make run` seeds the demo (the e2e
// server runs the same `chatlane demo`), the agent signs in and opens a conversation, and the
// profile sheet shows the worked example's two cards, filled from the demo CRM that the server
// itself serves. Nothing outside this machine is called.
import type { Locator, Page, Request } from "@playwright/test";
import { expect, test } from "../fixtures/test";
import { ADMIN, AGENT } from "../fixtures/demo";
import { InboxPage, signIn, waitForHydration } from "../fixtures/pages";

function card(page: Page, name: string): Locator {
  return page
    .getByTestId("contact-profile-sheet")
    .getByTestId("integration-card")
    .filter({ has: page.getByTestId("card-name").getByText(name, { exact: true }) });
}

/** Opens the first conversation with `contact` and its profile sheet. */
async function openProfileOf(page: Page, contact: string) {
  const inbox = new InboxPage(page);
  await inbox.conversations().filter({ hasText: contact }).first().click();
  await expect(page.getByTestId("thread")).toBeVisible();
  await inbox.openContactProfile();
}

/** The integration runs the profile sheet asks the server for, as they are sent. */
function runsOf(page: Page): string[] {
  const runs: string[] = [];
  page.on("request", (r: Request) => {
    if (r.url().includes("/rpc/run_contact_integrations")) runs.push(r.postData() ?? "");
  });
  return runs;
}

test("a newcomer's first conversation shows both demo cards, formatted as the worked example, and they refresh", async ({
  page,
}) => {
  await signIn(page, AGENT);
  const runs = runsOf(page);
  await openProfileOf(page, "Sarah Chen");

  const customer = card(page, "Customer Data Lookup").getByTestId("card-data");
  for (const text of ["Customer Information", "Customer ID", "12345", "Financial Summary", "Quick Actions"]) {
    await expect(customer).toContainText(text);
  }
  // Badges for tier, plan and status; the lifetime value as currency; the last purchase as a date.
  for (const badge of ["Priority", "Enterprise", "Active"]) {
    await expect(customer.getByTestId("card-badge").filter({ hasText: new RegExp(`^${badge}$`, "i") })).toBeVisible();
  }
  await expect(customer).toContainText("$120.50");
  await expect(customer).toContainText("Jan 1, 2026");
  for (const button of ["View Profile", "Billing Portal"]) {
    const link = customer.getByRole("link", { name: button });
    await expect(link).toHaveAttribute("href", /^https:\/\/(crm|billing)\.example\.com\/customers\/12345$/);
    await expect(link).toHaveAttribute("target", "_blank");
  }

  // The worked example's repeating section: one item per order, status badge, amount, link.
  const orders = card(page, "Order History").getByTestId("card-data");
  await expect(orders).toContainText("Order History");
  await expect(orders).toContainText("48000");
  await expect(orders).toContainText("$90.00");
  await expect(orders.getByTestId("card-badge").first()).toBeVisible();
  const orderLink = orders.getByRole("link").first();
  await expect(orderLink).toHaveAttribute("href", "https://orders.example.com/48000");
  await expect(orderLink).toHaveAttribute("target", "_blank");

  // ⟲ runs one card afresh; Refresh All runs both.
  const before = runs.length;
  const orderCard = card(page, "Order History");
  const orderId = await orderCard.getAttribute("data-integration-id");
  await orderCard.getByTestId("card-refresh").click();
  await expect.poll(() => runs.length).toBe(before + 1);
  expect(runs[before]).toContain(`refresh_integration=${orderId}`);
  await expect(orders).toContainText("48000");
  await page.getByTestId("refresh-all").click();
  await expect.poll(() => runs.length).toBe(before + 2);
  expect(runs[before + 1]).toContain("refresh_all=true");
  expect(runs[before + 1]).not.toContain("refresh_integration=");
  await expect(customer).toContainText("12345");
  await expect(orders).toContainText("48000");
});

test("the contact the demo CRM does not know gets the worked example's failed cards with their hint", async ({
  page,
}) => {
  await signIn(page, AGENT);
  await openProfileOf(page, "Olivia Brown");
  for (const name of ["Customer Data Lookup", "Order History"]) {
    const failed = card(page, name);
    await expect(failed.getByTestId("card-error")).toHaveText("⚠️ API returned 404: Customer not found");
    await expect(failed.getByTestId("card-explanation")).toHaveText("This contact may not exist in the CRM system.");
  }
});

test("the admin sees in the list and the editor that the demo calls the built-in demo CRM", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations");
  for (const name of ["Customer Data Lookup", "Order History"]) {
    const row = page.getByTestId("integration-row").filter({ hasText: name });
    await expect(row.getByTestId("builtin-demo-badge")).toBeVisible();
  }
  await page.getByTestId("integration-row").filter({ hasText: "Order History" }).getByTestId("integration-link").click();
  await waitForHydration(page);
  await expect(page.getByTestId("builtin-demo-notice")).toContainText("demo CRM that Chatlane serves itself");
  await expect(page.getByTestId("integration-url")).toHaveValue(/\/demo\/crm\/customers\/\{\{contact\.email\}\}\/orders$/);
});

test("an admin sees the demo card's cached answers on its Run log tab and clears them", async ({ page }) => {
  await signIn(page, ADMIN);
  await openProfileOf(page, "Sarah Chen");
  await expect(card(page, "Customer Data Lookup").getByTestId("card-data")).toContainText("12345");

  await page.goto("/integrations");
  await page.getByTestId("integration-row").filter({ hasText: "Customer Data Lookup" }).getByTestId("integration-link").click();
  await waitForHydration(page);
  await page.getByTestId("tab-runs").click();
  const usage = page.getByTestId("cache-usage");
  await expect(usage).toHaveText(/^[1-9]\d* answers? cached on this server · hit rate \d+ % since it started$/);
  await page.getByTestId("cache-clear").click();
  await expect(page.getByTestId("cache-cleared")).toHaveText("Cleared.");
  await expect(usage).toHaveText(/^0 answers cached on this server/);
});

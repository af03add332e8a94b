import { expect, test } from "../fixtures/test";
import { AGENT } from "../fixtures/demo";
import { InboxPage, signIn } from "../fixtures/pages";

test("a conversation the agent opens is marked read by the browser once it is on screen", async ({ page }) => {
  await signIn(page, AGENT);
  const inbox = new InboxPage(page);
  await inbox.expectLoaded();
  const unread = page.locator('[data-testid="conversation-item"][data-unread="true"]').first();
  await expect(unread).toBeVisible();
  const href = await unread.getAttribute("href");
  const marked = page.waitForResponse(
    (r) => r.url().includes("/rpc/mark_conversation_read") && r.request().method() === "POST",
  );
  await unread.click();
  await expect(page.getByTestId("thread")).toBeVisible();
  expect((await marked).status()).toBe(200);
  await page.goto("/inbox");
  await expect(page.locator(`[data-testid="conversation-item"][href="${href}"]`)).toHaveAttribute(
    "data-unread",
    "false",
  );
});

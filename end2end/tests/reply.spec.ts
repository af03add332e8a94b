import { expect, refused, test } from "../fixtures/test";
import { AGENT } from "../fixtures/demo";
import { InboxPage, signIn } from "../fixtures/pages";

// Some of these tests are refused on purpose (the page shows why): 422.
test.use({ expectedConsole: [refused(422)] });

test("an agent opens a conversation, replies, and the reply appears in the thread", async ({ page }) => {
  await signIn(page, AGENT);
  const inbox = new InboxPage(page);
  await inbox.expectLoaded();
  await inbox.openConversation(0);
  const before = await inbox.messages().count();
  const text = `Thanks, we are on it (${Date.now()})`;
  await inbox.reply(text, "note");
  await expect(inbox.messages()).toHaveCount(before + 1);
  const last = inbox.messages().last();
  await expect(last.getByTestId("message-body")).toHaveText(text);
  await expect(last.getByTestId("message-sender")).toHaveText(AGENT.name);
  await expect(page.getByTestId("reply-body")).toHaveValue("");
  // It is stored: a reload shows it too.
  await page.reload();
  await expect(inbox.messages().last().getByTestId("message-body")).toHaveText(text);
});

test("a note is marked as internal and an empty reply is refused next to the field", async ({ page }) => {
  await signIn(page, AGENT);
  const inbox = new InboxPage(page);
  await inbox.openConversation(1);
  const before = await inbox.messages().count();
  await inbox.reply("   ", "note");
  await expect(page.getByTestId("reply-error")).toHaveText("This field is required.");
  await expect(inbox.messages()).toHaveCount(before);
  await inbox.reply("Customer prefers a call back", "note");
  await expect(inbox.messages()).toHaveCount(before + 1);
  await expect(inbox.messages().last()).toHaveAttribute("data-type", "note");
  await expect(inbox.messages().last().getByTestId("message-type")).toHaveText("Internal note");
});

test("closing a conversation moves it to the Closed filter", async ({ page }) => {
  await signIn(page, AGENT);
  const inbox = new InboxPage(page);
  await inbox.openConversation(2);
  const subject = await page.getByTestId("conversation-subject").textContent();
  await page.getByTestId("set-status-closed").click();
  await expect(page.getByTestId("set-status-active")).toBeVisible();
  await page.getByTestId("status-filter").filter({ hasText: "Closed" }).click();
  await expect(inbox.conversations().filter({ hasText: subject ?? "" }).first()).toBeVisible();
});

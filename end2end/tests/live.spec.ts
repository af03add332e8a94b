// The live inbox: two agents on one conversation, the REST API and an upstream CRM, with no
// reload anywhere. Every change arrives through the shared live stream.
import * as http from "node:http";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/test";
import { ADMIN, AGENT } from "../fixtures/demo";
import { InboxPage, signIn, waitForHydration } from "../fixtures/pages";
import { Api, apiToken } from "../fixtures/api";

/** A page that records its own errors (the fixture watches only the test's first context). */
async function secondAgent(browser: import("@playwright/test").Browser, problems: string[]): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  return page;
}

test("two agents on one conversation see each other's messages, REST posts and new conversations without a reload", async ({
  page,
  browser,
  request,
}) => {
  const problems: string[] = [];
  await signIn(page, AGENT);
  const inbox = new InboxPage(page);
  await inbox.openConversation(0);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  const conversationUrl = page.url();
  const conversationId = Number(new URL(conversationUrl).pathname.split("/").pop());

  const admin = await secondAgent(browser, problems);
  await signIn(admin, ADMIN);
  await admin.goto(conversationUrl);
  await expect(admin.getByTestId("thread")).toBeVisible();
  await expect(admin.getByTestId("live-status")).toHaveAttribute("data-state", "live");

  // What the agent is typing survives every refresh of the thread below.
  await page.getByTestId("reply-type-note").check();
  await page.getByTestId("reply-body").fill("half-written answer");

  const stamp = Date.now();
  await new InboxPage(admin).reply(`Alex here, on it ${stamp}`, "note");
  await expect(inbox.messages().filter({ hasText: `Alex here, on it ${stamp}` })).toHaveCount(1);

  const api = new Api(request, apiToken(AGENT.email));
  await api.call("POST", `/conversations/${conversationId}/messages`, { type: "note", body: `From the API ${stamp}` });
  await expect(inbox.messages().filter({ hasText: `From the API ${stamp}` })).toHaveCount(1);
  await expect(new InboxPage(admin).messages().filter({ hasText: `From the API ${stamp}` })).toHaveCount(1);
  await expect(page.getByTestId("reply-body")).toHaveValue("half-written answer");
  await expect(page.getByTestId("reply-type-note")).toBeChecked();

  // A new conversation from a contact joins both lists, unread; its inbox's count goes up by one
  // and the tab title carries the total.
  const inbox0 = (await api.call("GET", "/inboxes")).data[0];
  const contactId = (await api.call("GET", "/contacts?per_page=1")).data[0].id;
  const unreadOf = (p: Page) =>
    p.getByTestId("inbox-link").filter({ hasText: inbox0.name }).getByTestId("unread-count");
  const before = Number((await unreadOf(page).textContent()) ?? "0");
  const subject = `Live question ${stamp}`;
  await api.call("POST", "/conversations", { inbox_id: inbox0.id, contact_id: contactId, subject, body: "Anyone there?" });
  for (const p of [page, admin]) {
    const row = p.getByTestId("conversation-item").filter({ hasText: subject });
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute("data-unread", "true");
    await expect(p).toHaveTitle(/^\(\d+\) /);
  }
  await expect(unreadOf(page)).toHaveText(String(before + 1));
  expect(problems).toEqual([]);
  await admin.context().close();
});

test("an email set on the contact through REST fills the open sheet's cards", async ({ page, request }) => {
  const served: string[] = [];
  const crm = http.createServer((req, res) => {
    served.push(req.url ?? "");
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ plan: "Enterprise", seats: 42 }));
  });
  await new Promise<void>((resolve) => crm.listen(0, "127.0.0.1", resolve));
  const port = (crm.address() as { port: number }).port;
  const api = new Api(request, apiToken(ADMIN.email));
  const stamp = Date.now();
  const inboxId = (await api.call("GET", "/inboxes")).data[0].id;
  const before = (await api.call("GET", `/inboxes/${inboxId}/integrations`)).data as {
    integration_id: number;
    enabled: boolean;
  }[];
  const integration = (
    await api.call("POST", "/integrations", {
      name: `Live CRM ${stamp}`,
      url: `http://127.0.0.1:${port}/customers/{{contact.email}}`,
    })
  ).data;
  const keep = before.map((i) => ({ integration_id: i.integration_id, enabled: i.enabled }));
  await api.call("PUT", `/inboxes/${inboxId}/integrations`, {
    integrations: [{ integration_id: integration.id }, ...keep],
  });
  try {
    const contact = (await api.call("POST", "/contacts", { name: `No Email Yet ${stamp}` })).data;
    const conversation = (
      await api.call("POST", "/conversations", {
        inbox_id: inboxId,
        contact_id: contact.id,
        subject: `Who am I ${stamp}`,
        body: "I'll give you my email in a second",
      })
    ).data;

    await signIn(page, AGENT);
    await page.goto(`/inbox/${conversation.id}?profile=${contact.id}`);
    const sheet = page.getByTestId("contact-profile-sheet");
    const card = sheet.getByTestId("integration-card").filter({ hasText: `Live CRM ${stamp}` });
    await expect(card.getByTestId("card-skipped")).toBeVisible();
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
    expect(served).toEqual([]);

    const email = `live-${stamp}@example.com`;
    await api.call("PATCH", `/contacts/${contact.id}`, { email });
    await expect(sheet.getByTestId("profile-email")).toHaveText(email);
    await expect(card).toContainText("Enterprise");
    expect(served).toEqual([`/customers/${encodeURIComponent(email)}`]);
  } finally {
    await api.call("PUT", `/inboxes/${inboxId}/integrations`, { integrations: keep });
    await api.call("DELETE", `/integrations/${integration.id}`);
    crm.close();
  }
});

test("ten tabs of one agent all stay live, on one shared stream", async ({ page, context, request }) => {
  test.setTimeout(60_000);
  // A stream per tab would take more than the six HTTP/1.1 connections a browser allows per host,
  // and the seventh tab would not even load.
  await signIn(page, AGENT);
  const tabs = [page];
  for (let i = 1; i < 10; i++) {
    const tab = await context.newPage();
    await tab.goto("/inbox");
    tabs.push(tab);
  }
  for (const tab of tabs) {
    await expect(tab.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  }
  const api = new Api(request, apiToken(AGENT.email));
  const inboxId = (await api.call("GET", "/inboxes")).data[0].id;
  const contactId = (await api.call("GET", "/contacts?per_page=1")).data[0].id;
  const subject = `Ten tabs ${Date.now()}`;
  await api.call("POST", "/conversations", { inbox_id: inboxId, contact_id: contactId, subject, body: "Hello?" });
  for (const tab of tabs) {
    await expect(tab.getByTestId("conversation-item").filter({ hasText: subject })).toHaveCount(1);
  }
});

test("going offline shows it, keeps the draft, and the inbox is live again when the network returns", async ({
  page,
  context,
}) => {
  await signIn(page, AGENT);
  await new InboxPage(page).openConversation(0);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  await page.getByTestId("reply-body").fill("typed before the train went into a tunnel");
  await context.setOffline(true);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "offline");
  await expect(page.getByTestId("live-status")).toHaveText("Offline");
  await context.setOffline(false);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
  await expect(page.getByTestId("reply-body")).toHaveValue("typed before the train went into a tunnel");
});

test("an agent who scrolled up gets a new-messages pill instead of a jump", async ({ page, request }) => {
  const api = new Api(request, apiToken(AGENT.email));
  const stamp = Date.now();
  const inboxId = (await api.call("GET", "/inboxes")).data[0].id;
  const contactId = (await api.call("GET", "/contacts?per_page=1")).data[0].id;
  const conversation = (
    await api.call("POST", "/conversations", {
      inbox_id: inboxId,
      contact_id: contactId,
      subject: `Long thread ${stamp}`,
      body: "The start of a long story",
    })
  ).data;
  for (let i = 0; i < 25; i++) {
    await api.call("POST", `/conversations/${conversation.id}/messages`, { type: "note", body: `Line ${i}` });
  }
  await signIn(page, AGENT);
  await page.goto(`/inbox/${conversation.id}`);
  const thread = page.getByTestId("thread");
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  await thread.evaluate((el) => el.scrollTo(0, 0));
  await expect.poll(() => thread.evaluate((el) => el.scrollTop)).toBe(0);
  await api.call("POST", `/conversations/${conversation.id}/messages`, { type: "note", body: `Newest ${stamp}` });
  await expect(page.getByTestId("new-messages-pill")).toHaveText("1 new message ↓");
  expect(await thread.evaluate((el) => el.scrollTop)).toBe(0);
  await page.getByTestId("new-messages-pill").click();
  await expect(page.getByTestId("new-messages-pill")).toHaveCount(0);
  await expect(page.getByTestId("message").filter({ hasText: `Newest ${stamp}` })).toBeInViewport();
});

test("a note posted right after two browsers hydrate reaches both, twenty times in a row", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  // The page is rendered, then its stream connects: an event committed in between must still
  // arrive (the page carries the newest event id it reflects; the stream resumes after it).
  const problems: string[] = [];
  await signIn(page, AGENT);
  await new InboxPage(page).openConversation(0);
  const conversationUrl = page.url();
  const conversationId = Number(new URL(conversationUrl).pathname.split("/").pop());
  const other = await secondAgent(browser, problems);
  await signIn(other, ADMIN);
  const api = new Api(request, apiToken(AGENT.email));
  const stamp = Date.now();
  for (let i = 0; i < 20; i++) {
    await Promise.all(
      [page, other].map(async (p) => {
        await p.goto(conversationUrl);
        await waitForHydration(p);
      }),
    );
    const text = `Right after hydration ${stamp} #${i}`;
    await api.call("POST", `/conversations/${conversationId}/messages`, { type: "note", body: text });
    for (const p of [page, other]) {
      await expect(new InboxPage(p).messages().filter({ hasText: text }), `try ${i}`).toHaveCount(1, {
        timeout: 10_000,
      });
    }
  }
  expect(problems).toEqual([]);
  await other.context().close();
});

import { expect, refused, test } from "../fixtures/test";
import * as crypto from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN, AGENT } from "../fixtures/demo";
import { InboxPage, signIn, waitForHydration } from "../fixtures/pages";

// Some of these tests are refused on purpose (the page shows why): 422.
test.use({ expectedConsole: [refused(422)] });

type Delivery = { headers: http.IncomingHttpHeaders; body: string };

/** A receiver on loopback that records every POST and answers 200. */
async function startReceiver() {
  const got: Delivery[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok": true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => server.close() };
}

/** Whether a delivery carries a Standard Webhooks signature by `secret`. */
function verifies(d: Delivery, secret: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signed = `${d.headers["webhook-id"]}.${d.headers["webhook-timestamp"]}.${d.body}`;
  const expected = "v1," + crypto.createHmac("sha256", key).update(signed).digest("base64");
  return String(d.headers["webhook-signature"] ?? "").split(" ").includes(expected);
}

test("an admin adds a webhook, closes a conversation, and the signed transcript arrives and shows in the log", async ({ page }) => {
  test.setTimeout(90_000);
  const receiver = await startReceiver();
  try {
    await signIn(page, ADMIN);
    await page.goto("/settings/webhooks");
    await waitForHydration(page);
    // A private address is refused next to the field.
    await page.getByTestId("webhook-url").fill("http://10.0.0.1/hook");
    await page.getByTestId("webhook-add").click();
    await expect(page.getByTestId("webhook-url-error")).toContainText("not public");

    const description = `CRM transcripts ${Date.now()}`;
    await page.getByTestId("webhook-url").fill(receiver.url);
    await page.getByTestId("webhook-description").fill(description);
    await expect(page.getByTestId("webhook-event-conversation.transcript")).toBeChecked();
    await page.getByTestId("webhook-event-conversation.closed").check();
    await page.getByTestId("webhook-add").click();
    const secret = await page.getByTestId("webhook-secret").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const row = page.getByTestId("webhook-row").filter({ hasText: description });
    await expect(row).toBeVisible();

    // Close a conversation from the inbox.
    await page.goto("/inbox");
    await waitForHydration(page);
    const inbox = new InboxPage(page);
    await inbox.openConversation(0);
    const subject = (await page.getByTestId("conversation-subject").textContent())?.trim() ?? "";
    // An internal note stays in the team: this webhook did not opt in to notes.
    const note = `Internal only ${Date.now()}: refund approved`;
    await inbox.reply(note, "note");
    await expect(inbox.messages().filter({ hasText: note })).toBeVisible();
    await page.getByTestId("set-status-closed").click();

    // The receiver gets the transcript (and conversation.closed), each signed.
    await expect.poll(() => receiver.got.map((d) => JSON.parse(d.body).type).sort(), { timeout: 15_000 }).toEqual(["conversation.closed", "conversation.transcript"]);
    const transcript = receiver.got.find((d) => JSON.parse(d.body).type === "conversation.transcript")!;
    const data = JSON.parse(transcript.body).data;
    expect(data.subject).toBe(subject);
    expect(data.status).toBe("closed");
    expect(data.messages.length).toBeGreaterThan(0);
    expect(data.textBody).toContain(data.messages[0].text);
    expect(transcript.body).not.toContain(note);
    expect(data.messages.every((m: { type: string }) => m.type !== "note")).toBe(true);
    expect(verifies(transcript, secret)).toBe(true);
    expect(transcript.headers["webhook-id"]).toMatch(/^msg_/);

    // The delivery log shows it delivered with the receiver's 200.
    await page.goto("/settings/webhooks");
    await waitForHydration(page);
    await row.getByTestId("webhook-show-log").click();
    const delivered = row.locator("[data-testid=delivery-row][data-event='conversation.transcript']");
    await expect(delivered.first()).toBeVisible();
    await expect(delivered.first().getByTestId("delivery-status")).toHaveText("Delivered");
    await expect(delivered.first().getByTestId("delivery-last")).toHaveText("HTTP 200");
    await page.context().clearCookies();

    // An agent sends another conversation's transcript on demand.
    await signIn(page, AGENT);
    await inbox.openConversation(1);
    await page.getByTestId("send-to-webhook").click();
    await page.getByTestId("webhook-target").selectOption({ label: description });
    await page.getByTestId("send-transcript").click();
    await expect(page.getByTestId("transcript-queued")).toBeVisible();
    await expect.poll(() => receiver.got.length, { timeout: 15_000 }).toBe(3);
    expect(JSON.parse(receiver.got[2].body).type).toBe("conversation.transcript");
    await page.context().clearCookies();

    // Clean up: delete asks first.
    await signIn(page, ADMIN);
    await page.goto("/settings/webhooks");
    await waitForHydration(page);
    await row.getByTestId("webhook-delete").click();
    await row.getByTestId("webhook-delete-yes").click();
    await expect(page.getByTestId("webhook-row").filter({ hasText: description })).toHaveCount(0);
  } finally {
    receiver.close();
  }
});

test("an admin who includes internal notes in a webhook is warned first and sees it on the webhook", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings/webhooks");
  await waitForHydration(page);
  const description = `Notes to the BI warehouse ${Date.now()}`;
  await page.getByTestId("webhook-url").fill("http://127.0.0.1:9/hook");
  await page.getByTestId("webhook-description").fill(description);
  await expect(page.getByTestId("webhook-include-notes-warning")).toHaveCount(0);
  await page.getByTestId("webhook-include-notes").check();
  await expect(page.getByTestId("webhook-include-notes-warning")).toContainText("Internal notes will leave your team");
  await page.getByTestId("webhook-add").click();
  await expect(page.getByTestId("webhook-secret")).toBeVisible();
  const row = page.getByTestId("webhook-row").filter({ hasText: description });
  await expect(row.getByTestId("webhook-includes-notes")).toBeVisible();
  const plain = page.getByTestId("webhook-row").filter({ hasNotText: description });
  await expect(plain.getByTestId("webhook-includes-notes")).toHaveCount(0);
  await row.getByTestId("webhook-delete").click();
  await row.getByTestId("webhook-delete-yes").click();
  await expect(page.getByTestId("webhook-row").filter({ hasText: description })).toHaveCount(0);
});

test("an admin moving from Chatlio picks its format, and closing a conversation sends Chatlio's JSON", async ({ page }) => {
  test.setTimeout(60_000);
  const receiver = await startReceiver();
  try {
    await signIn(page, ADMIN);
    await page.goto("/settings/webhooks");
    await waitForHydration(page);
    const description = `Chatlio receiver ${Date.now()}`;
    await page.getByTestId("webhook-url").fill(receiver.url);
    await page.getByTestId("webhook-description").fill(description);
    await page.getByTestId("webhook-event-conversation.closed").check();
    // Chatlio's format carries transcripts alone: picking it unticks the rest.
    await page.getByTestId("webhook-format").selectOption("chatlio");
    await expect(page.getByTestId("webhook-format-help")).toContainText("Chatlio's JSON");
    await expect(page.getByTestId("webhook-event-conversation.closed")).not.toBeChecked();
    await expect(page.getByTestId("webhook-event-conversation.transcript")).toBeChecked();
    await page.getByTestId("webhook-add").click();
    const secret = await page.getByTestId("webhook-secret").inputValue();
    const row = page.getByTestId("webhook-row").filter({ hasText: description });
    await expect(row.getByTestId("webhook-chatlio-format")).toHaveText("Chatlio format");

    await page.goto("/inbox");
    await waitForHydration(page);
    const inbox = new InboxPage(page);
    // A conversation that is not closed yet (other specs close some).
    for (let i = 0; i < 10; i++) {
      await inbox.openConversation(i);
      if ((await page.getByTestId("set-status-closed").count()) > 0) break;
    }
    const subject = (await page.getByTestId("conversation-subject").textContent())?.trim() ?? "";
    await page.getByTestId("set-status-closed").click();

    await expect.poll(() => receiver.got.length, { timeout: 15_000 }).toBe(1);
    const got = receiver.got[0];
    const body = JSON.parse(got.body);
    expect(body.type).toBeUndefined();
    expect(body.conversationUUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.archiveUrl).toMatch(/\/inbox\/\d+$/);
    expect(body.textBody).toContain(subject);
    expect(body.messages[0]).toEqual(expect.objectContaining({ isVisitorMsg: expect.any(Boolean), ts: expect.stringMatching(/^\d+\.\d{6}$/) }));
    expect(body.slackTeamID).toBeNull();
    expect(verifies(got, secret)).toBe(true);

    await page.goto("/settings/webhooks");
    await waitForHydration(page);
    await row.getByTestId("webhook-delete").click();
    await row.getByTestId("webhook-delete-yes").click();
    await expect(page.getByTestId("webhook-row").filter({ hasText: description })).toHaveCount(0);
  } finally {
    receiver.close();
  }
});

import { expect, refused, test } from "../fixtures/test";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN, AGENT } from "../fixtures/demo";
import { InboxPage, signIn, waitForHydration } from "../fixtures/pages";

// Some of these tests are refused on purpose (the page shows why): 403, 422.
test.use({ expectedConsole: [refused(403, 422)] });

/** A webhook bridge on loopback that records what Chatlane posts and answers with an id. */
async function startBridge(): Promise<{ url: string; bodies: unknown[]; close: () => void }> {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => {
      bodies.push(JSON.parse(data || "null"));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `bridge-${bodies.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/outbound`, bodies, close: () => server.close() };
}

test("an admin connects Email to a bridge, and an agent's email reply goes out and shows Sent", async ({ page }) => {
  const bridge = await startBridge();
  try {
    // Before: the composer offers notes only, and says why.
    await signIn(page, AGENT);
    const before = new InboxPage(page);
    await before.openConversation(0);
    await expect(page.getByTestId("reply-type-email")).toHaveCount(0);
    await expect(page.getByTestId("email-unconnected")).toContainText("Settings → Channels");
    await page.context().clearCookies();

    await signIn(page, ADMIN);
    await page.goto("/settings/channels");
    await waitForHydration(page);
    const emailChannels = page.locator('[data-testid="channel"][data-channel-type="email"]');
    await expect(emailChannels.first()).toBeVisible();
    const count = await emailChannels.count();
    for (let i = 0; i < count; i++) {
      const card = emailChannels.nth(i);
      await expect(card.getByTestId("channel-status")).toHaveText("Not connected");
      await card.getByTestId("channel-edit").click();
      await card.getByTestId("driver-webhook").check();
      // A bad URL is refused next to its field.
      await card.getByTestId("webhook-url").fill("ftp://nope");
      await card.getByTestId("driver-save").click();
      await expect(card.getByTestId("error-settings.url")).toHaveText("Enter an http:// or https:// URL.");
      await card.getByTestId("webhook-url").fill(bridge.url);
      await card.getByTestId("driver-save").click();
      await expect(card.getByTestId("channel-status")).toHaveText("Connected");
      await expect(card.getByTestId("channel-driver")).toHaveText(`Webhook ${bridge.url}`);
    }

    await page.context().clearCookies();
    await signIn(page, AGENT);
    const inbox = new InboxPage(page);
    await inbox.openConversation(0);
    const text = `Your refund is on its way (${Date.now()})`;
    await inbox.reply(text, "email");
    const last = inbox.messages().last();
    await expect(last.getByTestId("message-body")).toHaveText(text);
    // The reply is delivered in the background; the thread updates itself.
    await expect(last.getByTestId("delivery-status")).toHaveText("Sent");
    expect(bridge.bodies).toHaveLength(1);
    const posted = bridge.bodies[0] as { type: string; data: { body: string; sender: { name: string } } };
    expect(posted.type).toBe("message.outbound");
    expect(posted.data.body).toBe(text);
    expect(posted.data.sender.name).toBe(AGENT.name);
  } finally {
    bridge.close();
  }
});

test("agents cannot open the channel settings", async ({ page }) => {
  await signIn(page, AGENT);
  await page.goto("/settings/channels");
  await expect(page.getByTestId("admins-only")).toContainText("Admins only");
});

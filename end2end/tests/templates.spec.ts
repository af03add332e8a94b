import { expect, type Locator, type Page, test } from "../fixtures/test";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN, AGENT } from "../fixtures/demo";
import { createIntegration, InboxPage, signIn, waitForHydration } from "../fixtures/pages";

/** The worked example's customer, with two hostile values an upstream might send. */
const CUSTOMER = {
  customer_id: "CUST-12345",
  support_tier: "Priority",
  subscription: { plan: "Premium", status: "active" },
  lifetime_value: 2850,
  last_purchase: "2024-01-15",
  account_manager: "Dana Scully",
  note: "<img src=x onerror=alert(1)>",
  profile_url: "javascript:alert(1)",
};

type Route = "fast" | "slow" | "missing";

/** One upstream on loopback with three routes: `fast` answers the customer at once, `slow` answers
 * orders after 2 s, `missing` answers 404 "Customer not found". Calls are counted per route. */
async function startUpstream() {
  const calls: Record<Route, number> = { fast: 0, slow: 0, missing: 0 };
  const server = http.createServer((req, res) => {
    const route = (req.url ?? "").split("/")[1] as Route;
    calls[route] = (calls[route] ?? 0) + 1;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (route === "fast") json(200, CUSTOMER);
    else if (route === "slow") setTimeout(() => json(200, { orders: [{ id: "ORD-1", status: "paid", amount: "$450.00" }] }), 2000);
    else json(404, { error: "Customer not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, calls, close: () => server.close() };
}

/** Drags `source` onto `target` with the mouse in small steps, as a person would (Chromium starts
 * an HTML5 drag only after the pointer has moved a little with the button down). */
async function drag(page: Page, source: Locator, target: Locator) {
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error("drag: source or target is not visible");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
  await page.mouse.up();
}

/** Creates an active integration for `url` in the editor, attaches it to every inbox, and returns
 * its editor's address. */
// Tall enough for the palette, the sample's fields and the sections to be on screen at once.
test.use({ viewport: { width: 1280, height: 1600 } });

test("an admin builds a card by drag and drop, and agents see it filled in as each answer arrives", async ({ page }) => {
  test.setTimeout(120_000);
  const upstream = await startUpstream();
  const stamp = Date.now();
  const names = { fast: `Customer ${stamp}`, slow: `Orders ${stamp}`, missing: `Billing ${stamp}` };
  try {
    await signIn(page, ADMIN);
    const editor = await createIntegration(page, names.fast, `${upstream.base}/fast/{{contact.email}}`);
    await createIntegration(page, names.slow, `${upstream.base}/slow/{{contact.email}}`);
    await createIntegration(page, names.missing, `${upstream.base}/missing/{{contact.email}}`);

    // The test's answer becomes the sample data the builder offers.
    await page.goto(editor);
    await waitForHydration(page);
    await page.getByTestId("tab-testing").click();
    await page.getByTestId("test-value-contact.email").fill("sam@example.com");
    await page.getByTestId("run-test").click();
    await expect(page.getByTestId("test-status")).toHaveText("Success");

    await page.getByTestId("tab-template").click();
    await page.getByTestId("template-preset").selectOption("Customer overview");
    const preview = page.getByTestId("template-preview");
    for (const text of ["Premium", "Priority", "$2,850.00", "Jan 15, 2024"]) await expect(preview).toContainText(text);
    await expect(preview).not.toContainText("Dana Scully");
    await expect(page.getByTestId("unsaved")).toBeVisible();

    // Drag a field from the sample data into Customer Information (4 fields: the gap after them).
    const sections = page.getByTestId("builder-section");
    await expect(sections.first()).toHaveAttribute("data-kind", "key_value");
    await drag(page, page.getByTestId("sample-path").filter({ hasText: /^account_manager$/ }), page.getByTestId("field-gap-sections.0-4"));
    await expect(sections.first().getByTestId("field-path")).toHaveCount(5);
    await expect(sections.first().getByTestId("field-path").last()).toHaveValue("account_manager");
    await expect(preview).toContainText("Account manager");
    await expect(preview).toContainText("Dana Scully");
    // Typing key by key keeps the focus (the row is not redrawn) and the preview follows.
    const label = sections.first().getByTestId("field-label").last();
    await label.focus();
    await label.press("End");
    await label.pressSequentially(" (CRM)");
    await expect(label).toHaveValue("Account manager (CRM)");
    await expect(preview).toContainText("Account manager (CRM)");

    // Drag a text section from the palette to the top; its placeholder fills in the preview.
    await drag(page, page.getByTestId("palette-text"), page.getByTestId("section-gap-0"));
    await expect(sections.first()).toHaveAttribute("data-kind", "text");
    await sections.first().getByTestId("section-text").fill("Renews on the {{subscription.plan}} plan");
    await expect(preview).toContainText("Renews on the Premium plan");
    // The button alternative: move it below Customer Information.
    await sections.first().getByTestId("section-down").click();
    await expect(sections.nth(0)).toHaveAttribute("data-kind", "key_value");
    await expect(sections.nth(1)).toHaveAttribute("data-kind", "text");

    // The Add field list (no dragging): the hostile values, one of them as a link.
    const info = sections.first();
    await info.getByTestId("add-field").selectOption("note");
    await info.getByTestId("add-field").selectOption("profile_url");
    await info.getByTestId("field-format").last().selectOption("link");
    await expect(preview).toContainText("<img src=x onerror=alert(1)>");
    await expect(preview.locator("img")).toHaveCount(0);
    // A bad path is named next to its field, and reaches neither the JSON's validity nor Save.
    await info.getByTestId("field-path").last().fill("profile_url[");
    await expect(info.getByTestId("builder-problem")).toContainText("without `]`");
    await info.getByTestId("field-path").last().fill("profile_url");
    await expect(info.getByTestId("builder-problem")).toHaveCount(0);

    // Unsaved changes: leaving asks first; staying keeps them.
    const questions: string[] = [];
    page.once("dialog", (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await page.getByRole("link", { name: "← Integrations" }).click();
    await expect.poll(() => questions).toEqual(["You have unsaved changes. Leave without saving them?"]);
    await expect(page).toHaveURL(new RegExp(`${editor}$`));
    await expect(preview).toContainText("Dana Scully");
    await page.getByTestId("save").click();
    await expect(page.getByTestId("saved")).toBeVisible();
    await expect(page.getByTestId("unsaved")).toHaveCount(0);
    // Saved: the template comes back from the server as built.
    await page.reload();
    await waitForHydration(page);
    await page.getByTestId("tab-template").click();
    await expect(page.getByTestId("unsaved")).toHaveCount(0);
    await expect(page.getByTestId("builder-section")).toHaveCount(5);
    await expect(page.getByTestId("template-preview")).toContainText("Renews on the Premium plan");
    await page.context().clearCookies();

    // The agent's sheet: cards in attachment order, each filled in when its answer arrives.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, AGENT);
    const inbox = new InboxPage(page);
    await inbox.openConversation(0);
    await inbox.openContactProfile();
    const card = (route: Route) => page.getByTestId("integration-card").filter({ has: page.getByTestId("card-name").getByText(names[route], { exact: true }) });
    const fast = card("fast").getByTestId("card-data");
    for (const text of ["Premium", "Priority", "$2,850.00", "Jan 15, 2024", "Account manager (CRM)", "Dana Scully", "Renews on the Premium plan"]) {
      await expect(fast).toContainText(text);
    }
    // The slow answer is still on its way while the fast one shows.
    await expect(card("slow").getByTestId("card-skeleton")).toBeVisible();
    await expect(card("slow").getByTestId("card-data")).toContainText("ORD-1", { timeout: 15_000 });
    await expect(card("missing").getByTestId("card-error")).toHaveText("⚠️ API returned 404: Customer not found");
    await expect(card("missing").getByTestId("card-explanation")).toHaveText(
      "This contact may not exist in the CRM system.",
    );
    await expect(card("missing").getByTestId("card-status")).toHaveText(/^Failed · \d+ ms$/);
    const order = await page.getByTestId("card-name").allTextContents();
    const ours = order.filter((n) => Object.values(names).includes(n));
    expect(ours).toEqual([names.fast, names.slow, names.missing]);

    // Upstream values are text: no image, no script link, no dialog.
    await expect(fast).toContainText("<img src=x onerror=alert(1)>");
    await expect(fast).toContainText("javascript:alert(1)");
    await expect(fast.locator("img")).toHaveCount(0);
    await expect(fast.locator('a[href^="javascript"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);

    // ⟲ calls that one upstream again (past the cache); Refresh All calls every one.
    const before = { ...upstream.calls };
    await card("fast").getByTestId("card-refresh").click();
    await expect.poll(() => upstream.calls.fast).toBe(before.fast + 1);
    await expect(fast).toContainText("Dana Scully");
    expect(upstream.calls.slow).toBe(before.slow);
    await page.getByTestId("refresh-all").click();
    await expect.poll(() => [upstream.calls.fast, upstream.calls.slow, upstream.calls.missing]).toEqual([before.fast + 2, before.slow + 1, before.missing + 1]);
    await expect(card("slow").getByTestId("card-data")).toContainText("ORD-1", { timeout: 15_000 });
    expect(dialogs).toEqual([]);
  } finally {
    upstream.close();
  }
});

test("a key-value row shows a badge beside its value, set in the builder and drawn in the preview", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations/new");
  await waitForHydration(page);
  await page.getByTestId("tab-template").click();
  await page.getByTestId("template-sample").fill(JSON.stringify({ customer_id: 12345, tier: "Gold" }));
  await page.getByTestId("template-json-editor").locator("summary").click();
  await page.getByTestId("template-json").fill(JSON.stringify({
    sections: [{ type: "key_value", title: "Customer", fields: [{ label: "Customer ID", path: "customer_id" }] }],
  }));
  const row = page.getByTestId("template-preview").getByTestId("card-row").first();
  await expect(row).toContainText("Customer ID");
  await expect(row.getByTestId("card-badge")).toHaveCount(0);
  await page.getByTestId("field-badge").first().fill("tier");
  await expect(row.getByTestId("card-badge")).toHaveText("Gold");
  await expect(row).toContainText("12345");
  await expect(page.getByTestId("template-json")).toHaveValue(/"badge": "tier"/);
});

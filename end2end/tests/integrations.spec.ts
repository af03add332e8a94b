import { expect, refused, test } from "../fixtures/test";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN, AGENT } from "../fixtures/demo";
import { InboxPage, signIn, waitForHydration } from "../fixtures/pages";

// Some of these tests are refused on purpose (the page shows why): 403, 404 (a contact ID nobody has), 422.
test.use({ expectedConsole: [refused(403, 404, 422)] });

/** A CRM stand-in on loopback: GET /customers/<email> answers JSON, after a short delay. */
async function startCrm(): Promise<{ base: string; paths: string[]; auth: string[]; close: () => void }> {
  const paths: string[] = [];
  const auth: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? "");
    auth.push(String(req.headers.authorization ?? ""));
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({
        customer_id: 12345,
        subscription: { plan: "Premium", status: "active" },
        lifetime_value: 2850,
        note: "<img src=x onerror=alert(1)>",
        profile_url: "javascript:alert(1)",
      }));
    }, 30);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, paths, auth, close: () => server.close() };
}

test("an admin creates an integration, tests it, attaches it, and agents see its data in the profile sheet", async ({ page }) => {
  const crm = await startCrm();
  try {
    await signIn(page, ADMIN);
    await page.getByTestId("nav-integrations").click();
    await page.getByTestId("add-integration").click();
    await expect(page.getByTestId("editor-title")).toHaveText("Add Integration");
    await waitForHydration(page);
    await expect(page.getByTestId("tab-runs")).toBeDisabled();

    const name = `Customer Data Lookup ${Date.now()}`;
    await page.getByTestId("integration-name").fill(name);
    await page.getByTestId("integration-url").fill(`${crm.base}/customers/{{contact.emial}}`);
    await page.getByTestId("header-add").click();
    await page.getByTestId("header-name").fill("Authorization");
    await expect(page.getByTestId("header-secret")).toBeChecked();
    await page.getByTestId("header-value").fill("Bearer crm-token-98765");
    await page.getByTestId("integration-cache").fill("15");
    await page.getByTestId("save-activate").click();
    await expect(page.getByTestId("error-url")).toContainText("Unknown variable: {{contact.emial}}");

    await page.getByTestId("integration-url").fill(`${crm.base}/customers/{{contact.email}}`);
    await page.getByTestId("save-activate").click();
    await expect(page).toHaveURL(/\/integrations\/\d+$/);
    await expect(page.getByTestId("editor-title")).toHaveText(name);
    await waitForHydration(page);
    await expect(page.getByTestId("header-value")).toHaveValue("••••8765");

    await page.getByTestId("tab-testing").click();
    await page.getByTestId("test-value-contact.email").fill("sam@example.com");
    await page.getByTestId("run-test").click();
    const outcome = page.getByTestId("test-outcome");
    await expect(outcome.getByTestId("test-status")).toHaveText("Success");
    await expect(outcome.getByTestId("test-duration")).toHaveText(/^\d+ ms$/);
    await expect(outcome.getByTestId("test-url")).toContainText("/customers/sam%40example.com");
    await expect(outcome.getByTestId("test-body")).toContainText('"plan": "Premium"');
    expect(crm.auth.at(-1)).toBe("Bearer crm-token-98765");

    // Template: a preset previews against the test's answer; mistakes are named by path; a
    // template of our own is saved and used for the agent's card.
    await page.getByTestId("tab-template").click();
    await page.getByTestId("template-preset").selectOption("Customer overview");
    const preview = page.getByTestId("template-preview");
    await expect(preview).toContainText("$2,850.00");
    await expect(preview.getByTestId("card-badge").filter({ hasText: "Premium" })).toBeVisible();
    await page.getByTestId("template-json-editor").getByText("Edit as JSON").click();
    await page.getByTestId("template-json").fill('{"sections": [{"type": "carousel"}]}');
    await expect(page.getByTestId("template-problem")).toContainText("sections.0.type");
    await expect(page.getByTestId("builder-unavailable")).toBeVisible();
    await page.getByTestId("template-json").fill(JSON.stringify({
      sections: [{
        type: "key_value",
        title: "Customer",
        fields: [
          { label: "Customer ID", path: "customer_id" },
          { label: "Plan", path: "subscription.plan", format: "status" },
          { label: "Status", path: "subscription.status", format: "status" },
          { label: "Lifetime value", path: "lifetime_value", format: "currency" },
          { label: "Note", path: "note" },
          { label: "Profile", path: "profile_url", format: "link" },
        ],
      }],
    }));
    await expect(page.getByTestId("template-state")).toContainText("Valid: 1 sections");
    await expect(preview).toContainText("Lifetime value");
    await page.getByTestId("save").click();
    await expect(page.getByTestId("saved")).toBeVisible();

    await page.getByTestId("tab-inboxes").click();
    const choices = page.getByTestId("inbox-choice");
    const count = await choices.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) await choices.nth(i).getByTestId("inbox-attached").check();
    await page.getByTestId("save-inboxes").click();
    await expect(page.getByTestId("inboxes-saved")).toBeVisible();

    // The inbox's own settings list it, with a way back to the team's integrations.
    await choices.first().getByRole("link", { name: "Order" }).click();
    await expect(page).toHaveURL(/\/inboxes\/\d+\/settings$/);
    await expect(page.getByTestId("inbox-integration-name").filter({ hasText: name })).toHaveCount(1);
    await expect(page.getByTestId("manage-integrations")).toHaveAttribute("href", "/integrations");
    await expect(page.getByTestId("inbox-settings-link").first()).toHaveAttribute("href", /^\/inboxes\/\d+\/settings$/);

    await page.goto("/integrations");
    const row = page.getByTestId("integration-row").filter({ hasText: name });
    await expect(row.getByTestId("integration-endpoint")).toHaveText("GET 127.0.0.1:" + new URL(crm.base).port);
    await expect(row.getByTestId("integration-inbox-count")).toHaveText(String(count));
    await expect(row.getByTestId("integration-last-run")).toHaveText("OK");
    // The list's toggle switches it off and on again, and says so after a reload.
    await waitForHydration(page);
    const toggle = async (on: boolean) => {
      const saved = page.waitForResponse((r) => r.url().includes("/rpc/set_integration_active") && r.ok());
      const box = page.getByTestId("integration-row").filter({ hasText: name }).getByTestId("integration-active");
      await (on ? box.check() : box.uncheck());
      await saved;
      await page.reload();
      await waitForHydration(page);
      await expect(page.getByTestId("integration-row").filter({ hasText: name }).getByTestId("integration-active")).toBeChecked({ checked: on });
    };
    await toggle(false);
    await toggle(true);
    await page.context().clearCookies();

    // The agent's profile sheet runs it and lays the answer out with the saved template, with
    // everything from the API shown as text: no markup, no script link, no dialog.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, AGENT);
    await expect(page.getByTestId("nav-integrations")).toHaveCount(0);
    await expect(page.getByTestId("inbox-settings-link")).toHaveCount(0);
    const inbox = new InboxPage(page);
    await inbox.openConversation(0);
    await inbox.openContactProfile();
    const card = page.getByTestId("integration-card").filter({ hasText: name });
    const data = card.getByTestId("card-data");
    await expect(data).toContainText("Customer ID");
    await expect(data).toContainText("12345");
    await expect(data).toContainText("$2,850.00");
    await expect(data.getByTestId("card-badge").filter({ hasText: "Active" })).toBeVisible();
    await expect(data).toContainText("Premium");
    await expect(data).toContainText("<img src=x onerror=alert(1)>");
    await expect(data).toContainText("javascript:alert(1)");
    await expect(data.locator("img")).toHaveCount(0);
    await expect(data.locator("a")).toHaveCount(0);
    expect(dialogs).toEqual([]);
    const calls = crm.paths.length;
    await card.getByTestId("card-refresh").click();
    await expect.poll(() => crm.paths.length).toBe(calls + 1);
    await expect(card.getByTestId("card-data")).toContainText("Premium");
    await page.getByTestId("refresh-all").click();
    await expect.poll(() => crm.paths.length).toBe(calls + 2);

    await page.goto("/integrations");
    await expect(page.getByTestId("admins-only")).toBeVisible();
    await page.goto("/integrations/new");
    await expect(page.getByTestId("admins-only")).toBeVisible();
    await page.context().clearCookies();

    // Clean up through the editor: delete asks first.
    await signIn(page, ADMIN);
    await page.goto("/integrations");
    await page.getByTestId("integration-row").filter({ hasText: name }).getByTestId("integration-link").click();
    await waitForHydration(page);
    // The run log shows the agent's calls and the admin's test, without bodies or secrets.
    await page.getByTestId("tab-runs").click();
    const runs = page.getByTestId("run-log-row");
    await expect(runs.filter({ hasText: AGENT.name }).first()).toBeVisible();
    await expect(runs.filter({ hasText: "test" }).first()).toBeVisible();
    await expect(page.getByTestId("run-log")).not.toContainText("crm-token");
    await page.getByTestId("delete").click();
    await page.getByTestId("delete-yes").click();
    await expect(page).toHaveURL(/\/integrations$/);
    await expect(page.getByTestId("integration-row").filter({ hasText: name })).toHaveCount(0);
  } finally {
    crm.close();
  }
});

test("the body editor checks JSON as it is typed", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations/new");
  await waitForHydration(page);
  await page.getByTestId("integration-method").selectOption("POST");
  await page.getByTestId("integration-body").fill('{"email": "{{contact.email}}",');
  await expect(page.getByTestId("body-json-problem")).toContainText("not valid JSON");
  await page.getByTestId("integration-body").fill('{"email": "{{contact.email}}", "id": {{conversation.id}}}');
  await expect(page.getByTestId("body-json-problem")).toHaveCount(0);
  await page.getByTestId("variable-picker").selectOption("contact.name");
  await expect(page.getByTestId("integration-body")).toHaveValue(/\{\{contact\.name\}\}$/);
});

test("the editor lists the filters with an example each and names an unknown filter on save", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations/new");
  await waitForHydration(page);
  const filters = page.getByTestId("filter-list");
  await filters.locator("summary").click();
  await expect(filters.getByTestId("filter-example")).toHaveText([
    "{{contact.email | lower}}",
    "{{contact.attributes.country | upper}}",
    "{{contact.name | trim}}",
    '{{contact.name | default: "there"}}',
    "{{conversation.subject | urlencode}}",
  ]);
  await page.getByTestId("integration-name").fill(`Filters ${Date.now()}`);
  await page.getByTestId("integration-url").fill("https://crm.example.com/customers/{{contact.email | shout}}");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("error-url")).toHaveText(
    "Unknown filter `shout`. Filters: lower, upper, trim, default, urlencode.",
  );
  await expect(page).toHaveURL(/\/integrations\/new$/);
});

test("the Testing tab finds a contact by ID, takes one of their conversations and runs with edited values", async ({ page }) => {
  const crm = await startCrm();
  try {
    await signIn(page, ADMIN);
    await page.goto("/integrations/new");
    await waitForHydration(page);
    await page.getByTestId("integration-name").fill(`By ID ${Date.now()}`);
    await page.getByTestId("integration-url").fill(`${crm.base}/customers/{{contact.email}}?conversation={{conversation.id}}`);
    await page.getByTestId("tab-testing").click();

    // An ID nobody in the team has is said so, and nothing is chosen.
    await page.getByTestId("test-contact-id").fill("999999");
    await page.getByTestId("test-contact-id-use").click();
    await expect(page.getByTestId("test-contact-error")).toHaveText("No contact with ID 999999 in your team.");

    // Find Sarah by name to learn her ID, then choose her again by typing it.
    await page.getByTestId("test-contact-search").fill("Sarah Chen");
    await page.getByTestId("test-contact-option").first().click();
    const chosen = page.getByTestId("test-contact");
    await expect(chosen).toContainText("sarah.chen@northwind.example");
    const id = /\(ID (\d+)\)/.exec((await chosen.textContent()) ?? "")?.[1];
    expect(id).toBeTruthy();
    await page.getByTestId("test-contact-clear").click();
    await page.getByTestId("test-contact-id").fill(id ?? "");
    await page.getByTestId("test-contact-id-use").click();
    await expect(chosen).toContainText(`(ID ${id})`);

    // Her values fill the inputs; a conversation gives {{conversation.id}} one.
    const email = page.getByTestId("test-value-contact.email");
    await expect(email).toHaveValue("sarah.chen@northwind.example");
    const conversation = page.getByTestId("test-conversation");
    const first = await conversation.locator("option").nth(1).getAttribute("value");
    await conversation.selectOption(first ?? "");
    await expect(page.getByTestId("test-value-conversation.id")).toHaveValue(first ?? "");

    // An edited value is what runs.
    await email.fill("edited@example.com");
    await page.getByTestId("run-test").click();
    const outcome = page.getByTestId("test-outcome");
    await expect(outcome.getByTestId("test-status")).toHaveText("Success");
    await expect(outcome.getByTestId("test-url")).toContainText(`/customers/edited%40example.com?conversation=${first}`);
    expect(crm.paths.at(-1)).toBe(`/customers/edited%40example.com?conversation=${first}`);
  } finally {
    crm.close();
  }
});

test("inboxes are attached on a new integration before its first save, and Save & Activate saves both", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations/new");
  await waitForHydration(page);
  const name = `Attached at once ${Date.now()}`;
  await page.getByTestId("integration-name").fill(name);
  await page.getByTestId("integration-url").fill("https://crm.example.com/customers/{{contact.email}}");
  await page.getByTestId("tab-inboxes").click();
  await expect(page.getByTestId("inboxes-with-save")).toBeVisible();
  const first = page.getByTestId("inbox-choice").first();
  const inboxName = (await first.getByTestId("inbox-choice-name").textContent()) ?? "";
  await first.getByTestId("inbox-attached").check();
  await page.getByTestId("save-activate").click();
  await expect(page).toHaveURL(/\/integrations\/\d+$/);
  await expect(page.getByTestId("editor-title")).toHaveText(name);
  await waitForHydration(page);
  await page.getByTestId("tab-inboxes").click();
  const saved = page.getByTestId("inbox-choice").filter({ hasText: inboxName }).first();
  await expect(saved.getByTestId("inbox-attached")).toBeChecked();
  await expect(page.getByTestId("save-inboxes")).toBeVisible();
});

test("run conditions are edited with the template builder's condition controls, checked on save and kept", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations/new");
  await waitForHydration(page);
  await page.getByTestId("integration-name").fill(`Conditions ${Date.now()}`);
  await page.getByTestId("integration-url").fill("https://crm.example.com/customers/{{contact.email}}");
  const conditions = page.getByTestId("run-conditions");
  await conditions.getByTestId("add-run-condition").click();
  const row = conditions.getByTestId("run-condition").first();
  await row.getByTestId("condition-path").fill("contact.secret");
  await row.getByTestId("condition-op").selectOption("equals");
  await row.getByTestId("condition-value").fill("x");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("error-run_conditions.0.path")).toContainText("Use contact.name");
  await expect(page).toHaveURL(/\/integrations\/new$/);

  await row.getByTestId("condition-path").fill("conversation.status");
  await row.getByTestId("condition-value").fill("active");
  await conditions.getByTestId("skipped-card").selectOption("explain");
  await page.getByTestId("save").click();
  await expect(page).toHaveURL(/\/integrations\/\d+$/);
  await page.reload();
  await waitForHydration(page);
  const kept = page.getByTestId("run-conditions").getByTestId("run-condition");
  await expect(kept).toHaveCount(1);
  await expect(kept.getByTestId("condition-path")).toHaveValue("conversation.status");
  await expect(kept.getByTestId("condition-op")).toHaveValue("equals");
  await expect(kept.getByTestId("condition-value")).toHaveValue("active");
  await expect(page.getByTestId("skipped-card")).toHaveValue("explain");
  await page.getByTestId("delete").click();
  await page.getByTestId("delete-yes").click();
  await expect(page).toHaveURL(/\/integrations$/);
});

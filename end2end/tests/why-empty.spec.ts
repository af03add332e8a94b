// "Why is this card empty?": an admin asks the profile sheet why a card shows nothing, for a
// contact whose card failed and for one without an email, and reads the rule that decided.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "../fixtures/test";
import { ADMIN, AGENT } from "../fixtures/demo";
import { Api, apiToken } from "../fixtures/api";
import { createIntegration, InboxPage, signIn, waitForHydration } from "../fixtures/pages";

test("an admin sees why a card is empty: the CRM's 404 with its hint, and a contact without email", async ({ page, request }) => {
  const crm = http.createServer((_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "no such customer" }));
  });
  await new Promise<void>((resolve) => crm.listen(0, "127.0.0.1", resolve));
  const { port } = crm.address() as AddressInfo;
  const name = `Lookup ${Date.now()}`;
  try {
    await signIn(page, ADMIN);
    const editor = await createIntegration(page, name, `http://127.0.0.1:${port}/customers/{{contact.email}}`);

    // A conversation's contact with an email: the card fails with the CRM's 404.
    await page.goto("/inbox");
    const inbox = new InboxPage(page);
    await inbox.openConversation(0);
    await inbox.openContactProfile();
    const card = page.getByTestId("integration-card").filter({ has: page.getByTestId("card-name").getByText(name, { exact: true }) });
    await expect(card.getByTestId("card-error")).toBeVisible();
    await page.getByTestId("why-empty").click();
    const failed = page.getByTestId("card-diagnosis-row").filter({ hasText: name });
    await expect(failed).toHaveAttribute("data-rule", "upstream_error");
    await expect(failed).toContainText("404");
    await expect(failed).toContainText("This contact may not exist in the CRM system.");

    // A contact without an email: the card is not called, and the panel says so.
    const admin = new Api(request, apiToken(ADMIN.email));
    const contact = (await admin.call("POST", "/contacts", { name: `No Email ${Date.now()}`, phone_number: "+14155550199" })).data;
    await page.goto(`/contacts?profile=${contact.id}`);
    await waitForHydration(page);
    await page.getByTestId("why-empty").click();
    const skipped = page.getByTestId("card-diagnosis-row").filter({ hasText: name });
    await expect(skipped).toHaveAttribute("data-rule", "missing_value");
    await expect(skipped).toContainText("email");

    // Agents do not get the panel.
    await page.context().clearCookies();
    await signIn(page, AGENT);
    await page.goto(`/contacts?profile=${contact.id}`);
    await waitForHydration(page);
    await expect(page.getByTestId("external-data")).toBeVisible();
    await expect(page.getByTestId("why-empty")).toHaveCount(0);

    await page.context().clearCookies();
    await signIn(page, ADMIN);
    await page.goto(editor);
    await waitForHydration(page);
    await page.getByTestId("delete").click();
    await page.getByTestId("delete-yes").click();
    await expect(page).toHaveURL(/\/integrations$/);
  } finally {
    crm.close();
  }
});

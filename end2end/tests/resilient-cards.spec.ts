import { expect, test } from "../fixtures/test";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN, AGENT } from "../fixtures/demo";
import { createIntegration, InboxPage, signIn, waitForHydration } from "../fixtures/pages";

/** A CRM on loopback whose answers a switch decides: the customer, or `status` with an error. */
async function startCrm() {
  const state = { status: 200, plan: "Premium", calls: 0 };
  const server = http.createServer((_req, res) => {
    state.calls += 1;
    res.writeHead(state.status, { "content-type": "application/json" });
    res.end(JSON.stringify(state.status === 200 ? { plan: state.plan, tier: "Priority" } : { error: "maintenance" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, state, close: () => server.close() };
}

test("when the CRM fails, the agent's card keeps its last answer, labelled, Retry brings fresh data back, and the health console shows what happened", async ({ page }) => {
  test.setTimeout(90_000);
  const crm = await startCrm();
  const name = `Resilient CRM ${Date.now()}`;
  try {
    await signIn(page, ADMIN);
    const editor = await createIntegration(page, name, `${crm.base}/customers/{{contact.id}}`);
    await page.context().clearCookies();

    await signIn(page, AGENT);
    const inbox = new InboxPage(page);
    await inbox.openConversation(0);
    await inbox.openContactProfile();
    const card = page.getByTestId("integration-card").filter({ has: page.getByTestId("card-name").getByText(name, { exact: true }) });
    await expect(card.getByTestId("card-data")).toContainText("Premium");
    await expect(card.getByTestId("card-stale")).toHaveCount(0);

    // The CRM goes down: ⟲ calls it, and the card keeps the answer it had, saying why.
    crm.state.status = 503;
    await card.getByTestId("card-refresh").click();
    await expect(card.getByTestId("card-stale")).toContainText(/^From (just now|1 min ago) — the CRM is not answering \(503\)\./);
    await expect(card.getByTestId("card-data")).toContainText("Premium");
    await expect(card.getByTestId("card-error")).toHaveCount(0);

    // It keeps failing: after 5 failures in a row the breaker opens, and ⟲ says when it will try
    // instead of calling.
    for (let failures = 1; failures < 5; failures++) {
      const before = crm.state.calls;
      await card.getByTestId("card-refresh").click();
      await expect.poll(() => crm.state.calls).toBe(before + 1);
      await expect(card.getByTestId("card-refresh")).toBeEnabled();
    }
    const calls = crm.state.calls;
    await card.getByTestId("card-refresh").click();
    await expect(card.getByTestId("card-stale")).toContainText(/the CRM is unavailable; trying again at \d\d:\d\d UTC\./);
    expect(crm.state.calls).toBe(calls);

    // Back up with new data: after the cool-down, Retry shows it, and the label goes.
    crm.state.status = 200;
    crm.state.plan = "Enterprise";
    await expect(async () => {
      await card.getByTestId("card-retry").click();
      await expect(card.getByTestId("card-data")).toContainText("Enterprise", { timeout: 2_000 });
    }).toPass({ timeout: 45_000, intervals: [3_000] });
    await expect(card.getByTestId("card-stale")).toHaveCount(0);
    await page.context().clearCookies();

    // The health console shows what the agent went through: calls, failures, stale answers, the
    // breaker opening once, and the failures in words.
    await signIn(page, ADMIN);
    await page.goto("/integrations");
    await waitForHydration(page);
    await page.getByTestId("integration-health-link").click();
    await expect(page).toHaveURL(/\/integrations\/health$/);
    await page.getByTestId("health-window").filter({ hasText: "Last hour" }).click();
    await expect(page).toHaveURL(/window=1h/);
    const health = page.getByTestId("health-integration").filter({ hasText: name });
    await expect(health.getByTestId("health-breaker")).toHaveText("1");
    await expect(health.getByTestId("health-stale")).not.toHaveText("0");
    await expect(health.getByTestId("health-success")).not.toHaveText(/^(100 %|—)$/);
    // The failed calls, in words; the cards the open breaker answered without calling are not
    // failed calls (the breaker's openings say it).
    await expect(health.getByTestId("health-failure").first()).toContainText("503");
    await expect(health.getByTestId("health-failure").filter({ hasText: "unavailable" })).toHaveCount(0);
    await expect(health.getByTestId("health-chart")).toBeVisible();

    // Clean up through the editor, whose run log shows the failed call the card covered for.
    await page.goto(editor);
    await waitForHydration(page);
    await page.getByTestId("tab-runs").click();
    await expect(page.getByTestId("run-log-row").filter({ hasText: "503" }).first()).toBeVisible();
    await page.getByTestId("delete").click();
    await page.getByTestId("delete-yes").click();
    await expect(page).toHaveURL(/\/integrations$/);
    await expect(page.getByTestId("integration-row").filter({ hasText: name })).toHaveCount(0);
  } finally {
    crm.close();
  }
});

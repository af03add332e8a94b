import { expect, test } from "@playwright/test";
import { ADMIN } from "../fixtures/demo";
import { signIn, waitForHydration } from "../fixtures/pages";

test("an admin defines a custom entity with attributes, and mistakes are shown next to the field", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings/custom-entities");
  // The attribute rows live in the browser: type only once the page is interactive.
  await waitForHydration(page);
  const form = page.getByTestId("entity-form");
  const name = `Shipments ${Date.now()}`;
  await form.getByTestId("entity-name-input").fill(name);
  const rows = form.getByTestId("attribute-row");
  await rows.nth(0).getByTestId("attribute-key").fill("Tracking Number");
  await rows.nth(0).getByTestId("attribute-label").fill("Tracking number");
  await rows.nth(0).getByTestId("attribute-required").check();
  await rows.nth(0).getByTestId("attribute-external").check();
  await form.getByTestId("attribute-add").click();
  await rows.nth(1).getByTestId("attribute-key").fill("status");
  await rows.nth(1).getByTestId("attribute-label").fill("Status");
  await rows.nth(1).getByTestId("attribute-type").selectOption("select");
  await rows.nth(1).getByTestId("attribute-options").fill("packed, in transit, delivered");
  await form.getByTestId("entity-create").click();
  await expect(form.getByTestId("error-attributes.0.key")).toContainText("lowercase letters");

  await rows.nth(0).getByTestId("attribute-key").fill("tracking_number");
  await form.getByTestId("entity-create").click();
  const entity = page.getByTestId("entity").filter({ hasText: name });
  await expect(entity).toBeVisible();
  await expect(entity.getByTestId("entity-attribute")).toHaveText([
    "tracking_number (string) · required · external id",
    "status (select)",
  ]);
});

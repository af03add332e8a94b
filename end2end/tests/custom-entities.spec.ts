import { expect, refused, test } from "../fixtures/test";
import { ADMIN } from "../fixtures/demo";
import { signIn, waitForHydration } from "../fixtures/pages";

// Some of these tests are refused on purpose (the page shows why): 422.
test.use({ expectedConsole: [refused(422)] });

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

test("an admin renames an entity, changes its attributes and deletes it after confirming", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings/custom-entities");
  await waitForHydration(page);
  const form = page.getByTestId("entity-form");
  const name = `Returns ${Date.now()}`;
  await form.getByTestId("entity-name-input").fill(name);
  await form.getByTestId("attribute-row").nth(0).getByTestId("attribute-key").fill("rma");
  await form.getByTestId("attribute-row").nth(0).getByTestId("attribute-label").fill("RMA");
  await form.getByTestId("entity-create").click();
  const entity = page.getByTestId("entity").filter({ hasText: name });
  await expect(entity.getByTestId("entity-summary")).toContainText("0 records");

  await entity.getByTestId("entity-edit").click();
  const edit = entity.getByTestId("entity-edit-form");
  const renamed = `${name} (EU)`;
  await edit.getByTestId("entity-name-input").fill("");
  await edit.getByTestId("entity-save").click();
  await expect(edit.getByTestId("error-name")).toBeVisible();
  await edit.getByTestId("entity-name-input").fill(renamed);
  await edit.getByTestId("attribute-add").click();
  const rows = edit.getByTestId("attribute-row");
  await rows.nth(1).getByTestId("attribute-key").fill("reason");
  await rows.nth(1).getByTestId("attribute-label").fill("Reason");
  await edit.getByTestId("entity-save").click();
  const updated = page.getByTestId("entity").filter({ hasText: renamed });
  await expect(updated.getByTestId("entity-attribute")).toHaveText(["rma (string)", "reason (string)"]);

  await updated.getByTestId("entity-delete").click();
  await expect(updated.getByTestId("entity-delete-confirm")).toContainText(`Delete ${renamed} and no records?`);
  await updated.getByTestId("entity-delete-no").click();
  await expect(updated.getByTestId("entity-delete-confirm")).toBeHidden();
  await updated.getByTestId("entity-delete").click();
  await updated.getByTestId("entity-delete-yes").click();
  await expect(page.getByTestId("entity").filter({ hasText: renamed })).toHaveCount(0);
});

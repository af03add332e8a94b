import { readFile } from "node:fs/promises";
import { expect, test } from "../fixtures/test";

test("the API reference works offline and offers the OpenAPI file for Postman", async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(baseURL ?? "")) foreign.push(request.url());
  });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "Chatlane REST API v1" })).toBeVisible();
  await expect(page.getByTestId("api-operation")).toHaveCount(41);
  await expect(page.getByTestId("curl-example").first()).toContainText("Authorization: Bearer {your-token}");
  await expect(page.getByTestId("error-codes")).toContainText("DUPLICATE_EMAIL");
  expect(foreign).toEqual([]);

  const downloading = page.waitForEvent("download");
  await page.getByTestId("postman-download").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("chatlane-openapi.json");
  const path = await download.path();
  const document = JSON.parse(await readFile(path, "utf8"));
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/api/v1/conversations");
  expect(Object.keys(document.paths)).toContain("/api/v1/contacts/{id}/integration-data");
  expect(Object.keys(document.paths)).toContain("/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver");
});

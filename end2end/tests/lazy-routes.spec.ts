// Every page but the inbox is a lazily loaded route: its wasm chunk is fetched when it is first
// opened. These tests hold that the chunks load and work however a page is reached, and that a
// chunk that cannot be fetched leaves a message with a way out instead of a dead page.
import { expect, test } from "../fixtures/test";
import { ADMIN } from "../fixtures/demo";
import { signIn, waitForHydration } from "../fixtures/pages";

/** A lazily loaded chunk: any wasm in the bundle other than the main one. */
const CHUNK = /\/static\/[0-9a-f]{16}\/pkg\/(?!chatlane\.wasm$)[^/]+\.wasm$/;

// Where the main bundle stands today (517 KB brotli, since the wasm erases component types; 621 KB
// before); a change that grows it past this fails here and has to say why. Issue 37's goal is
// 300 KB and the goal beyond it 250 KB (`make bench` prints the figures of the tested build).
const MAIN_BUNDLE_BUDGET = 525_000;

test("the inbox needs no lazily loaded chunk and stays within its byte budget, and an admin page fetches its own", async ({ page }) => {
  const chunks: string[] = [];
  const bundle: Promise<number>[] = [];
  page.on("request", (request) => {
    if (CHUNK.test(new URL(request.url()).pathname)) chunks.push(request.url());
  });
  page.on("requestfinished", (request) => {
    if (/\.(wasm|js)$/.test(new URL(request.url()).pathname)) bundle.push(request.sizes().then((s) => s.responseBodySize));
  });
  await signIn(page, ADMIN);
  await page.goto("/inbox/1?profile=1");
  await waitForHydration(page);
  await expect(page.getByTestId("contact-profile-sheet")).toBeVisible();
  expect(chunks).toEqual([]);
  const bundleBytes = (await Promise.all(bundle)).reduce((a, b) => a + b, 0);
  expect(bundleBytes).toBeGreaterThan(100_000);
  expect(bundleBytes).toBeLessThanOrEqual(MAIN_BUNDLE_BUDGET);
  await page.getByTestId("nav-integrations").click();
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  expect(chunks.length).toBeGreaterThan(0);
});

test("an admin page opened by its URL works at once", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations/new");
  await waitForHydration(page);
  const rows = page.getByTestId("header-row");
  const before = await rows.count();
  await page.getByTestId("header-add").click();
  await expect(rows).toHaveCount(before + 1);
});

test("back and forward between lazily loaded pages keep each page working", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByTestId("nav-integrations").click();
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  await page.getByTestId("add-integration").click();
  await expect(page.getByTestId("editor-title")).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByTestId("add-integration")).toBeVisible();
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByTestId("team-members")).toContainText(ADMIN.email);
  await page.goBack();
  await expect(page.getByTestId("add-integration")).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId("team-members")).toContainText(ADMIN.email);
  await page.goBack();
  await page.getByTestId("add-integration").click();
  const rows = page.getByTestId("header-row");
  const before = await rows.count();
  await page.getByTestId("header-add").click();
  await expect(rows).toHaveCount(before + 1);
});

test.describe("when a chunk cannot be fetched", () => {
  // The blocked fetch and the app's stop (a panic, then wasm's abort) are reported; that is the
  // point here.
  test.use({ expectedConsole: [/.*/], expectedPageErrors: [/Failed to fetch|unreachable/] });

  test("the page says so and offers a reload that brings the page back", async ({ page }) => {
    await signIn(page, ADMIN);
    await page.route((url) => CHUNK.test(url.pathname), (route) => route.abort("internetdisconnected"));
    await page.getByTestId("nav-integrations").click();
    const stopped = page.getByTestId("app-stopped");
    await expect(stopped).toContainText("could not be loaded");
    // Not a blank page: what was on screen stays.
    await expect(page.getByTestId("sidebar")).toBeVisible();
    // Reload brings back a live copy of the page the user was on; the way on works again.
    await page.unrouteAll();
    await stopped.getByTestId("app-reload").click();
    await waitForHydration(page);
    await expect(page.getByTestId("app-stopped")).toHaveCount(0);
    await page.getByTestId("nav-integrations").click();
    await expect(page.getByTestId("add-integration")).toBeVisible();
  });
});

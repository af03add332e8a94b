// The README's first-screen picture (`scripts/readme-screenshot.sh`): the agent signs in to the
// release server given in BASE_URL, opens Ethan Davis's conversation (an enterprise customer with
// four orders) and his profile sheet, waits for both demo cards, and saves the sheet from its top
// to the end of its External Data to OUT (docs/profile-sheet.png).
import { chromium } from "@playwright/test";

const base = process.env.BASE_URL;
const out = process.env.OUT;
if (!base || !out) {
  console.error("BASE_URL and OUT must be set");
  process.exit(2);
}
const AGENT = { email: "agent@acme.example", password: "chatlane-agent" };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--no-first-run"],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 2000 } })).newPage();
  const hydrated = () => page.locator("body[data-hydrated=true]").waitFor({ state: "attached" });
  await page.goto(`${base}/login`);
  await hydrated();
  await page.getByTestId("login-email").fill(AGENT.email);
  await page.getByTestId("login-password").fill(AGENT.password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(/\/inbox/);
  await hydrated();
  await page.getByTestId("conversation-item").filter({ hasText: "Ethan Davis" }).first().click();
  await page.getByTestId("thread").waitFor();
  await page.getByTestId("open-contact").click();
  const sheet = page.getByTestId("contact-profile-sheet");
  for (const name of ["Customer Data Lookup", "Order History"]) {
    await sheet
      .getByTestId("integration-card")
      .filter({ has: page.getByTestId("card-name").getByText(name, { exact: true }) })
      .getByTestId("card-data")
      .waitFor();
  }
  // The viewport is tall enough for the whole sheet; the picture ends below the second card.
  const top = await sheet.boundingBox();
  const end = await sheet.getByTestId("external-data").boundingBox();
  if (!top || !end) throw new Error("the profile sheet is not on screen");
  await page.screenshot({
    path: out,
    clip: { x: top.x, y: top.y, width: top.width, height: end.y + end.height + 16 - top.y },
  });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}

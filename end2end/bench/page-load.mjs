// Page-load benchmark (`make bench`, via scripts/bench-page-load.sh): what the browser fetches and
// how long it takes until a page is interactive (hydrated: `<body data-hydrated="true">`), in
// Debian's Chromium with 4× CPU throttling and DevTools' "Fast 4G" profile (9 Mbps down,
// 1.5 Mbps up, 60 ms RTT), against the release server given in BASE_URL.
//
// Bytes are what went over the wire (compressed), for the wasm and JS only, counted until the page
// is hydrated. Cold: a fresh browser profile; warm: the same page opened again in that profile.
import { chromium } from "@playwright/test";

const base = process.env.BASE_URL;
if (!base) {
  console.error("BASE_URL is not set");
  process.exit(2);
}
const ADMIN = { email: "admin@acme.example", password: "chatlane-admin" };
const FAST_4G = { offline: false, latency: 60, downloadThroughput: (9e6 / 8) | 0, uploadThroughput: (1.5e6 / 8) | 0 };
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--no-first-run"],
});

/** Signs in (unthrottled) in a fresh context and returns the page. */
async function signedInPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.locator("body[data-hydrated=true]").waitFor({ state: "attached" });
  await page.getByTestId("login-email").fill(ADMIN.email);
  await page.getByTestId("login-password").fill(ADMIN.password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(/\/inbox/);
  await page.locator("body[data-hydrated=true]").waitFor({ state: "attached" });
  // Start every measurement with an empty HTTP cache (sign-in itself loaded the bundle).
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.clearBrowserCache");
  return { context, page, cdp };
}

/** Opens `path` under throttling; returns wasm+JS bytes on the wire and ms until hydrated. */
async function measure(page, cdp, path) {
  await cdp.send("Network.emulateNetworkConditions", FAST_4G);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const urls = new Map();
  let bytes = 0;
  const onResponse = (e) => urls.set(e.requestId, e.response.url);
  const onFinished = (e) => {
    const url = urls.get(e.requestId) ?? "";
    if (/\.(wasm|js)(\?|$)/.test(url)) bytes += e.encodedDataLength;
  };
  cdp.on("Network.responseReceived", onResponse);
  cdp.on("Network.loadingFinished", onFinished);
  const started = Date.now();
  await page.goto(`${base}${path}`, { waitUntil: "commit" });
  await page.locator("body[data-hydrated=true]").waitFor({ state: "attached", timeout: 60_000 });
  const ms = Date.now() - started;
  // Requests still in flight when the page became interactive are not part of "before interactive".
  const before = bytes;
  cdp.off("Network.responseReceived", onResponse);
  cdp.off("Network.loadingFinished", onFinished);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  return { bytes: before, ms };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

const pages = [
  ["inbox with the profile sheet", "/inbox/1?profile=1"],
  ["template builder", "/integrations/new"],
];
for (const [name, path] of pages) {
  const cold = [];
  const warm = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { context, page, cdp } = await signedInPage();
    cold.push(await measure(page, cdp, path));
    warm.push(await measure(page, cdp, path));
    await context.close();
  }
  console.log(
    `${name.padEnd(30)} cold: ${kb(median(cold.map((r) => r.bytes)))} wasm+JS, ${median(cold.map((r) => r.ms))} ms to interactive` +
      ` | warm: ${kb(median(warm.map((r) => r.bytes)))}, ${median(warm.map((r) => r.ms))} ms` +
      ` (median of ${ROUNDS}; 4× CPU, Fast 4G)`,
  );
}
await browser.close();

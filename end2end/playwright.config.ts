import { defineConfig } from "@playwright/test";
import * as path from "node:path";

// `make test-e2e` passes a free port and a fresh data folder; the server is the release build
// that `make run` serves (never the dev build: what users run is what we test).
const port = Number(process.env.E2E_PORT ?? 3950);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(__dirname, "..", "target", "e2e-data");
const root = path.join(__dirname, "..");

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `bash -c './target/release/chatlane demo >/dev/null && exec ./target/release/chatlane serve'`,
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      CHATLANE_ADDR: `127.0.0.1:${port}`,
      CHATLANE_DATA_DIR: dataDir,
      DATABASE_URL: `sqlite://${dataDir}/chatlane.db?mode=rwc`,
      LEPTOS_SITE_ROOT: path.join(root, "target", "site"),
      RUST_LOG: "warn",
      // Tests start their own receivers (webhook bridges, CRM stubs) on loopback, and reach
      // nothing else.
      CHATLANE_OUTBOUND_ALLOW: "127.0.0.1",
      CHATLANE_OUTBOUND_PUBLIC: "false",
    },
  },
});

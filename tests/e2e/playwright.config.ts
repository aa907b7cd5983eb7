import { fileURLToPath } from "node:url";

import { defineConfig } from "@playwright/test";

const root = fileURLToPath(new URL("../..", import.meta.url));
const port = Number(process.env.E2E_PORT ?? 3210);
// A fresh embedded database per run, unless DATABASE_URL points the server at PostgreSQL. One
// directory per port, so runs on different ports (E2E_PORT) do not delete each other's data.
const dataDir = `./data/e2e-${port}`;
const dbEnv = process.env.DATABASE_URL ? "" : `PGLITE_DIR=${dataDir}`;

export default defineConfig({
  testDir: ".",
  outputDir: "../../test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "de-DE",
    timezoneId: "Europe/Berlin",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    cwd: root,
    command: `rm -rf ${dataDir} && ${dbEnv} npm run db:seed && ${dbEnv} PORT=${port} npm start`,
    url: `http://localhost:${port}/anmelden`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});

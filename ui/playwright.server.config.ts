import { defineConfig } from '@playwright/test';

// The back office against real laris-server processes (no mock): e2e-server/ starts the
// server binary (LARIS_SERVER_BIN, default ../target/debug/laris-server, built with the UI
// embedded) on SQLite and, when LARIS_TEST_POSTGRES_URL is set (required under CI=true), on
// PostgreSQL, and drives a real till through the laris CLI (LARIS_CLI_BIN). Debian's chromium.
export default defineConfig({
  testDir: './e2e-server',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    acceptDownloads: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});

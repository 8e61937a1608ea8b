import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, missingChromium } from './e2e/support/chromium';
import { BASE_URL, ensureRunId } from './e2e/support/run';

// Before anything is built: without a browser the run can only fail, minutes later, with a stack.
const noBrowser = missingChromium();
if (noBrowser) {
  console.error(noBrowser);
  process.exit(1);
}

// Names this run before the web server and the workers start, so they all share it.
ensureRunId();

/**
 * Browser journeys against a production build of the app (e2e/serve.ts builds it, starts it on
 * port 3300 with a fresh database and a real SMTP sink, and cleans up when Playwright stops it).
 * Chromium is Playwright's (`npx playwright install chromium`), or the machine's own named by
 * CHROMIUM_PATH (e2e/support/chromium.ts).
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Generous: a journey with two browsers on a busy two-core machine can take a while.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: 'npx tsx e2e/serve.ts',
    url: `${BASE_URL}/login`,
    // A production build on two cores takes a few minutes, more on a busy machine.
    timeout: 600_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});

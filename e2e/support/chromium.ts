import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The Chromium the journeys drive: the machine's own when `CHROMIUM_PATH` names it (Debian's
 * `/usr/bin/chromium` on CI), Playwright's download (`npx playwright install chromium`) otherwise.
 * The one place that decides, so the config and anything else that launches a browser agree.
 */
export function chromiumPath(): string {
  const own = process.env.CHROMIUM_PATH;
  return own ? own : chromium.executablePath();
}

/** Why no browser can be launched, in one line, or undefined when there is one. */
export function missingChromium(): string | undefined {
  const own = process.env.CHROMIUM_PATH;
  if (own)
    return existsSync(own)
      ? undefined
      : `CHROMIUM_PATH is ${own}, and there is no file there: point it at a Chromium executable, or unset it to use Playwright's (npx playwright install chromium).`;
  const bundled = chromium.executablePath();
  return existsSync(bundled)
    ? undefined
    : `No Chromium for the browser journeys: run \`npx playwright install chromium\` once, or set CHROMIUM_PATH to the machine's own (Debian: apt-get install chromium, then CHROMIUM_PATH=/usr/bin/chromium).`;
}

/** Flags every launch uses: no sandbox (containers, CI) and nothing that phones home mid-test. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, as the machines of this project run it (no network chatter of its own). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.FARM_TEST_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Debian's Chromium driven by playwright-core, headless, with the flags this closed network
// needs (no background connections, no QUIC). Never downloads a browser.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.QPLAB_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Opens a page that fails the test on any uncaught page error.
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(url);
  return { page, context, errors };
}

// Stands in for the system browser: headless Chromium opens the sign-in URL,
// logs in on the provider's page, gives consent, and lands on Cloudpick's
// loopback page, whose text it prints.
import { chromium } from 'playwright-core';

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.fill('input[name="login"]', 'ada');
  await page.fill('input[name="password"]', 'any password');
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  // The consent page: its one button says Continue.
  await page.click('button:has-text("Continue")');
  await page.waitForURL(/127\.0\.0\.1:\d+\/callback/, { timeout: 20000 });
  console.log(await page.textContent('body'));
} finally {
  await browser.close();
}

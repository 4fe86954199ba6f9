// Connecting a drive from the window: in the demo, Dropbox is disconnected,
// then connected again through the browser flow (the emulator's consent page,
// answered by tests/e2e/consent-browser.mjs as CLOUDPICK_OPENER), then browsed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, repoRoot, scratchHome, screenshot, textOf } from '../harness.mjs';

describe('connecting an account', () => {
  const dirs = scratchHome('connect');
  const cache = path.join(repoRoot, 'target', 'e2e-cache');
  let app;

  before(async () => {
    fs.mkdirSync(cache, { recursive: true });
    app = await launch(dirs, {
      CLOUDPICK_DEMO: '1',
      XDG_CACHE_HOME: cache,
      CLOUDPICK_OPENER: path.join(repoRoot, 'tests', 'e2e', 'consent-browser.mjs'),
    });
  });

  after(async () => {
    await app?.stop();
  });

  it('disconnects Dropbox, connects it again in the browser, and browses it', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Documents"]').waitForDisplayed({ timeout: 20_000 });
    await browser.$('[data-action="account"]').click();
    await browser.$('[data-view="account"]').waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf(browser, '[data-view="account"]'), /Demo User[\s\S]*demo@cloudpick\.invalid/);
    assert.match(await textOf(browser, '[data-field="quota"]'), /^\S+ [kMGT]?B of \S+ [kMGT]?B used$/);
    await screenshot(browser, 'account-chip');
    await browser.$('[data-action="disconnect"]').click();
    await browser.$('[data-action="confirm-disconnect"]').click();
    await browser.$('[data-view="not-connected"]').waitForDisplayed({ timeout: 10_000 });
    assert.match(await textOf(browser, '[data-provider="dropbox"]'), /Demo · not connected$/m);
    assert.match(await textOf(browser, '[data-view="not-connected"]'), /sign-in page in your browser/);
    await screenshot(browser, 'connect-dropbox');

    await browser.$('[data-action="connect"]').click();
    await browser.$('[data-name="Documents"]').waitForDisplayed({ timeout: 30_000 });
    assert.match(await textOf(browser, '[data-provider="dropbox"]'), /Demo User · demo@cloudpick\.invalid/);
    const top = await browser.execute(() => [...document.querySelectorAll('[role="option"]')].map((el) => el.getAttribute('data-name')));
    assert.deepEqual(top, ['Big folder', 'Documents', 'Photos', 'Projects', 'Welcome.txt']);
    await screenshot(browser, 'connected-dropbox');
  });

  it('signs in to Alfresco with the demo user name and password, and browses it', async () => {
    const { browser } = app;
    await browser.$('[data-provider="alfresco"]').click();
    await browser.$('[data-name="Documents"]').waitForDisplayed({ timeout: 20_000 });
    await browser.$('[data-action="account"]').click();
    await browser.$('[data-action="disconnect"]').click();
    await browser.$('[data-action="confirm-disconnect"]').click();
    await browser.$('[data-form="alfresco"]').waitForDisplayed({ timeout: 10_000 });
    assert.match(await browser.$('#alfresco-server').getValue(), /^http:\/\/127\.0\.0\.1:\d+$/, 'the demo server is filled in');
    await browser.$('#alfresco-user').setValue('demo');
    await browser.$('#alfresco-password').setValue('not-the-password');
    await browser.$('[data-action="alfresco-sign-in"]').click();
    await browser.$('[data-state="error"]').waitForDisplayed({ timeout: 10_000 });
    assert.equal(await textOf(browser, '[data-state="error"]'), 'Alfresco did not accept that user name and password');
    assert.equal(await browser.$('#alfresco-password').getValue(), '', 'the password is not kept in the form');
    await screenshot(browser, 'alfresco-sign-in');
    await browser.$('#alfresco-password').setValue('demo-password');
    await browser.$('[data-action="alfresco-sign-in"]').click();
    await browser.$('[data-name="Documents"]').waitForDisplayed({ timeout: 20_000 });
    assert.match(await textOf(browser, '[data-provider="alfresco"]'), /Demo User · demo@cloudpick\.invalid/);
  });
});

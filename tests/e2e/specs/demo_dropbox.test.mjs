// The demo that `make run` opens: the emulator runs inside the app, Dropbox
// connects to it, and a pick from Dropbox stores the demo files' exact bytes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, repoRoot, scratchHome, screenshot, sha256, textOf } from '../harness.mjs';

describe('demo mode', () => {
  const dirs = scratchHome('demo');
  // Shared by runs, so the demo files are drawn once.
  const cache = path.join(repoRoot, 'target', 'e2e-cache');
  const seed = path.join(cache, 'cloudpick', 'demo-seed-v1');
  const storage = path.join(dirs.data, 'Cloudpick', 'picked');
  let app;

  before(async () => {
    fs.mkdirSync(cache, { recursive: true });
    app = await launch(dirs, { CLOUDPICK_DEMO: '1', XDG_CACHE_HOME: cache });
  });

  after(async () => {
    await app?.stop();
  });

  it('connects every demo drive, and says the Amazon service closed', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
    assert.match(await textOf(browser, '[data-provider="dropbox"]'), /Demo · Demo User/);
    assert.match(await textOf(browser, '[data-provider="onedrive"]'), /Demo · Demo User/);
    assert.match(await textOf(browser, '[data-provider="box"]'), /Demo · Demo User/);
    assert.match(await textOf(browser, '[data-provider="alfresco"]'), /Demo · Demo User/);
    assert.match(await textOf(browser, '[data-provider="clouddrive"]'), /Demo · closed in 2023/);
  });

  for (const [source, crumb] of [['alfresco', 'Alfresco'], ['clouddrive', 'Amazon Cloud Drive']]) {
    it(`browses the demo files on ${crumb}`, async () => {
      const { browser } = app;
      await browser.$(`[data-provider="${source}"]`).click();
      await browser.$('[data-name="Photos"]').waitForDisplayed({ timeout: 20_000 });
      const top = await browser.execute(() => [...document.querySelectorAll('[role="option"]')].map((el) => el.getAttribute('data-name')));
      assert.deepEqual(top, ['Big folder', 'Documents', 'Photos', 'Projects', 'Welcome.txt']);
      await browser.$('[data-name="Documents"]').click();
      await browser.$('[data-name="Quarterly report.pdf"]').waitForDisplayed({ timeout: 10_000 });
      assert.match(await textOf(browser, 'nav[aria-label="Folder path"]'), new RegExp(`${crumb}[\\s\\S]*Documents`));
      await screenshot(browser, `demo-${source}`);
    });
  }

  it('browses Dropbox and picks two files with their exact bytes', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Documents"]').waitForDisplayed({ timeout: 20_000 });
    const top = await browser.execute(() => [...document.querySelectorAll('[role="option"]')].map((el) => el.getAttribute('data-name')));
    assert.deepEqual(top, ['Big folder', 'Documents', 'Photos', 'Projects', 'Welcome.txt']);
    await screenshot(browser, 'demo-dropbox');
    await browser.$('[data-name="Documents"]').click();
    await browser.$('[data-name="Quarterly report.pdf"]').waitForDisplayed({ timeout: 10_000 });
    assert.match(await textOf(browser, 'nav[aria-label="Folder path"]'), /Dropbox[\s\S]*Documents/);
    await browser.$('[data-name="Quarterly report.pdf"]').click();
    await browser.$('[data-name="Budget 2026.xlsx"]').click();
    await browser.$('[data-action="upload"]').click();
    await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
    assert.equal(await textOf(browser, '[data-view="result"] h2'), '2 files stored');
    for (const name of ['Quarterly report.pdf', 'Budget 2026.xlsx']) {
      assert.equal(sha256(path.join(storage, name)), sha256(path.join(seed, 'Documents', name)), `${name} has the demo file's bytes`);
    }
    assert.match(await textOf(browser, '[data-view="result"]'), /from\s+Dropbox\s+\/Documents\/Quarterly report\.pdf/);
    await screenshot(browser, 'demo-result');
  });
});

// The first five minutes of a new user, written down step by step: the
// window comes up on the demo drives, they look around Dropbox, search as
// they type, look at a photo's details, add a document from OneDrive, check
// the selection, pick both, and find them in the result and in Recent. A
// screenshot at each step, in both themes, the way a reviewer looks at it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoCache, launchDemo, scratchHome, screenshot, sha256, textOf, until } from '../harness.mjs';

const seed = path.join(demoCache, 'cloudpick', 'demo-seed-v1');

for (const theme of ['light', 'dark']) {
  describe(`a new user's first five minutes (${theme})`, () => {
    const dirs = scratchHome(`walkthrough-${theme}`);
    const storage = path.join(dirs.data, 'Cloudpick', 'picked');
    const shot = (step) => screenshot(app.browser, `walkthrough-${step}-${theme}`);
    let app;

    before(async () => {
      app = await launchDemo(dirs, theme);
    });

    after(async () => {
      await app?.stop();
    });

    it('1. starts on This computer, with every drive in the sidebar', async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
      const drives = await browser.execute(() => [...document.querySelectorAll('.sources .name')].map((el) => el.textContent.trim()));
      assert.deepEqual(drives, ['OneDrive', 'Dropbox', 'Box', 'Alfresco', 'Amazon Cloud Drive', 'Amazon S3', 'Azure Blob', 'This computer']);
      assert.equal(await textOf(browser, '[aria-current="location"]'), 'This computer');
      await shot('1-start');
    });

    it('2. opens Dropbox and its Photos, as a grid', async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').click();
      await browser.$('[data-name="Photos"]').click();
      await browser.$('[data-name="Meadow.png"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-layout-button="grid"]').click();
      await until(() => browser.execute(() => [...document.querySelectorAll('img[data-thumbnail]')].filter((i) => i.complete && i.naturalWidth > 0).length >= 3), 'the thumbnails');
      assert.match(await textOf(browser, 'nav[aria-label="Folder path"]'), /Dropbox[\s\S]*Photos/);
      await shot('2-photos');
    });

    it('3. searches as they type, and finds a photo elsewhere on the drive', async () => {
      const { browser } = app;
      await browser.$('[data-layout-button="list"]').click();
      await browser.$('[data-name=".."], [data-name="Meadow.png"]').waitForDisplayed({ timeout: 5_000 });
      await browser.keys('/');
      assert.equal(await browser.execute(() => document.activeElement.type), 'search', '/ goes to the search box');
      // Typed as a user types (WebKitWebDriver's key actions drop a repeated key: "0002" arrives as "02").
      await browser.$('input[type="search"]').setValue('IMG_0002');
      await until(async () => (await textOf(browser, '[data-heading="drive"]').catch(() => '')) === 'Elsewhere in Dropbox', 'the drive’s own search, with no Enter').catch(async (e) => {
        await shot('3-search-failed');
        throw new Error(`${e.message}: ${JSON.stringify(await browser.execute(() => [document.querySelector('input[type="search"]').value, document.querySelector('[data-view="browse"]').innerText.slice(0, 300)]))}`);
      });
      assert.equal(await textOf(browser, '[data-heading="here"]'), 'Nothing in this folder matches');
      assert.match(await textOf(browser, '[data-name="IMG_0002.jpg"]'), /\/Photos\/Phone\/IMG_0002\.jpg/);
      await shot('3-search');
    });

    it('4. looks at the photo’s details, then takes it', async () => {
      const { browser } = app;
      await browser.$('[data-action="details"]').click();
      await browser.$('[data-name="IMG_0002.jpg"]').click();
      await browser.$('[data-field="dimensions"]').waitForDisplayed({ timeout: 10_000 });
      assert.match(await textOf(browser, '[data-field="dimensions"]'), /^1,?280 × 960 px$/);
      await until(() => browser.execute(() => document.querySelector('[data-field="preview"]')?.naturalWidth > 0), 'the preview');
      assert.equal(await browser.$('[data-name="IMG_0002.jpg"]').getAttribute('aria-selected'), 'true');
      await shot('4-details');
      await browser.$('[data-action="details"]').click();
      await browser.$('[data-action="clear-search"]').click();
    });

    it('5. adds a document from OneDrive: one selection across two drives', async () => {
      const { browser } = app;
      await browser.$('[data-provider="onedrive"]').click();
      await browser.$('[data-name="Documents"]').click();
      await browser.$('[data-name="Quarterly report.pdf"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-name="Quarterly report.pdf"]').click();
      assert.match(await textOf(browser, '[data-action="show-selection"]'), /^2 selected · .+ · from 2 drives/);
      assert.equal(await textOf(browser, '[data-action="upload"]'), 'Pick');
      await shot('5-two-drives');
    });

    it('6. checks the selection in its tray', async () => {
      const { browser } = app;
      await browser.$('[data-action="show-selection"]').click();
      await browser.$('[data-view="selection-tray"]').waitForDisplayed({ timeout: 5_000 });
      const groups = await browser.execute(() => [...document.querySelectorAll('[data-view="selection-tray"] section')].map((s) => s.getAttribute('aria-label').split(' · ')[0]));
      assert.deepEqual(groups.sort(), ['Dropbox', 'OneDrive']);
      await shot('6-tray');
      await browser.$('[data-action="show-selection"]').click();
    });

    it('7. picks both, and sees where each came from and where it went', async () => {
      const { browser } = app;
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
      assert.equal(await textOf(browser, '[data-view="result"] h2'), '2 files stored');
      assert.equal(await textOf(browser, '[data-view="result"] .heading p'), `in ${storage}`);
      const from = await browser.execute(() => Object.fromEntries([...document.querySelectorAll('[data-filename]')].map((row) => [row.dataset.filename, row.querySelector('[data-field="from"]').textContent.trim()])));
      assert.deepEqual(from, { 'IMG_0002.jpg': 'Dropbox /Photos/Phone/IMG_0002.jpg', 'Quarterly report.pdf': 'OneDrive /Documents/Quarterly report.pdf' });
      assert.equal(sha256(path.join(storage, 'IMG_0002.jpg')), sha256(path.join(seed, 'Photos', 'Phone', 'IMG_0002.jpg')));
      assert.equal(sha256(path.join(storage, 'Quarterly report.pdf')), sha256(path.join(seed, 'Documents', 'Quarterly report.pdf')));
      await shot('7-result');
    });

    it('8. finds both in Recent, each with its drive', async () => {
      const { browser } = app;
      await browser.$('[data-place="recent"]').click();
      await browser.$('[data-view="recent"] [data-name="IMG_0002.jpg"]').waitForDisplayed({ timeout: 10_000 });
      const drives = await browser.execute(() => Object.fromEntries([...document.querySelectorAll('[data-view="recent"] [data-name]')].map((row) => [row.dataset.name, row.querySelector('[data-field="drive"]').textContent.trim().split(' · ')[0]])));
      assert.deepEqual(drives, { 'IMG_0002.jpg': 'Dropbox', 'Quarterly report.pdf': 'OneDrive' });
      await shot('8-recent');
    });
  });
}

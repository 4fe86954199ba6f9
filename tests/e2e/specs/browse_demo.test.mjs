// Browsing the demo drives the way the picker's users do: the 10,000-entry
// folder page by page, sorting, the drive's search, the details pane with
// the provider's hash, and the grid with real thumbnails, in both themes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { demoCache, launchDemo, scratchHome, screenshot, textOf } from '../harness.mjs';

const seed = path.join(demoCache, 'cloudpick', 'demo-seed-v1');
const names = (browser) => browser.execute(() => [...document.querySelectorAll('[role="option"]')].map((el) => el.getAttribute('data-name')));

for (const theme of ['light', 'dark']) {
  describe(`browsing the demo drives (${theme})`, () => {
    const dirs = scratchHome(`browse-${theme}`);
    let app;

    before(async () => {
      app = await launchDemo(dirs, theme);
    });

    after(async () => {
      await app?.stop();
    });

    it('opens the 10,000-entry folder at once and loads the rest while scrolling', async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
      await browser.$('[data-provider="dropbox"]').click();
      await browser.$('[data-name="Big folder"]').click();
      await browser.$('[data-name="entry-00001.txt"]').waitForDisplayed({ timeout: 20_000 });
      assert.match(await textOf(browser, '[data-field="count"]'), /^\d[\d,.\s]* items so far · (loading more…|more below \(End loads them all\))$/);
      assert.ok((await names(browser)).length < 100, 'only the rows in view are drawn');
      await browser.execute(() => {
        const list = document.querySelector('[role="listbox"]');
        return new Promise((done) => {
          const step = () => {
            list.scrollTop = list.scrollHeight;
            if (document.querySelector('[data-field="count"]').textContent.includes('so far')) setTimeout(step, 50);
            else done(true);
          };
          step();
        });
      });
      await browser.$('[data-name="entry-10000.txt"]').waitForDisplayed({ timeout: 30_000 });
      // Grouped as the system's locale writes numbers: 10,000 or 10000 or 10 000.
      assert.match(await textOf(browser, '[data-field="count"]'), /^10[,.\s]?000 items$/);
      await screenshot(browser, `browse-big-folder-${theme}`);
    });

    it('sorts by size, searches the drive and shows the details with the hash', async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').click();
      await browser.$('[data-name="Documents"]').click();
      await browser.$('[data-name="Quarterly report.pdf"]').waitForDisplayed({ timeout: 20_000 });
      const byName = await names(browser);
      await browser.$('[data-sort="size"]').click();
      const bySize = await names(browser);
      const sizes = Object.fromEntries(bySize.map((n) => [n, fs.statSync(path.join(seed, 'Documents', n)).size]));
      assert.deepEqual(bySize, [...byName].sort((a, b) => sizes[b] - sizes[a] || a.localeCompare(b)), 'largest first');

      // Typing filters the folder at once, and the drive's search follows a pause, no Enter needed.
      const lines = () => browser.execute(() => [...document.querySelectorAll('[data-heading], [role="option"]')].map((el) => el.dataset.heading ?? el.dataset.name));
      await browser.keys('/');
      await browser.$('input[type="search"]').setValue('Quarterly');
      await browser.waitUntil(async () => (await lines())[1] === 'Quarterly report.pdf', { timeout: 5_000, timeoutMsg: 'the folder filtered' });
      assert.equal(await textOf(browser, '[data-heading="here"]'), 'In this folder');
      await browser.$('input[type="search"]').setValue('Harbour');
      await browser.waitUntil(async () => (await lines()).join('|') === 'here|drive|Harbour at dusk.jpg', { timeout: 20_000, timeoutMsg: 'the drive’s result below the folder’s' });
      assert.equal(await textOf(browser, '[data-heading="here"]'), 'Nothing in this folder matches');
      assert.equal(await textOf(browser, '[data-heading="drive"]'), 'Elsewhere in Dropbox');
      assert.equal(await textOf(browser, '[data-field="results"] .found'), '1 found for “Harbour”');
      const words = await browser.execute(() => {
        const f = document.querySelector('[data-field="results"] .found');
        return { scroll: f.scrollWidth, client: f.clientWidth, bar: f.parentElement.clientWidth, header: f.closest('header').clientWidth };
      });
      assert.ok(words.scroll <= words.client, `the words in full: ${JSON.stringify(words)}`);
      assert.match(await textOf(browser, '[data-name="Harbour at dusk.jpg"]'), /\/Photos\/Harbour at dusk\.jpg/);
      await browser.$('[data-action="details"]').click();
      await browser.$('[data-name="Harbour at dusk.jpg"]').click();
      const bytes = fs.readFileSync(path.join(seed, 'Photos', 'Harbour at dusk.jpg'));
      assert.equal(await textOf(browser, '[data-field="path"]'), '/Photos/Harbour at dusk.jpg');
      assert.equal(await textOf(browser, '[data-field="hash"]'), dropboxContentHash(bytes));
      await screenshot(browser, `browse-search-details-${theme}`);
      await browser.$('[data-action="details"]').click();
      await browser.$('[data-action="clear-selection"]').click();
      await browser.$('[data-action="clear-search"]').click();
    });

    it('shows the photos as a grid of real thumbnails', async () => {
      const { browser } = app;
      await browser.$('[data-provider="onedrive"]').click();
      await browser.$('[data-name="Photos"]').click();
      await browser.$('[data-layout-button="grid"]').click();
      await browser.$('img[data-thumbnail="Harbour at dusk.jpg"]').waitForDisplayed({ timeout: 20_000 });
      const loaded = await browser.execute(
        () =>
          new Promise((done) => {
            const images = [...document.querySelectorAll('img[data-thumbnail]')];
            const check = () => {
              if (images.every((img) => img.complete)) done(images.map((img) => [img.dataset.thumbnail, img.naturalWidth, img.naturalHeight]));
              else setTimeout(check, 50);
            };
            check();
          }),
      );
      assert.deepEqual(loaded.map(([name]) => name).sort(), ['Harbour at dusk.jpg', 'Meadow.png', 'Night market.webp']);
      for (const [name, width, height] of loaded) {
        assert.ok(width > 0 && Math.max(width, height) <= 256, `${name} is a real, small picture (${width}×${height})`);
      }
      await screenshot(browser, `browse-grid-${theme}`);
      await browser.$('[data-layout-button="list"]').click();
    });

    it('picks files from two drives in one go, listed in the selection tray', async () => {
      const { browser } = app;
      await browser.$('[data-provider="onedrive"]').click();
      await browser.$('[data-name="Photos"]').click();
      await browser.$('[data-name="Meadow.png"]').click();
      await browser.$('[data-provider="dropbox"]').click();
      await browser.$('[data-name="Documents"]').click();
      await browser.$('[data-name="Quarterly report.pdf"]').click();
      assert.match(await textOf(browser, 'footer[aria-label="Selection"]'), /2 selected[\s\S]*from 2 drives/);
      await browser.$('[data-action="show-selection"]').click();
      await browser.$('[data-view="selection-tray"]').waitForDisplayed({ timeout: 5_000 });
      assert.match(await textOf(browser, '[data-view="selection-tray"]'), /OneDrive · demo@cloudpick\.invalid[\s\S]*Meadow\.png[\s\S]*Dropbox · demo@cloudpick\.invalid[\s\S]*Quarterly report\.pdf/);
      await screenshot(browser, `selection-tray-${theme}`);
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
      assert.equal(await textOf(browser, '[data-view="result"] h2'), '2 files stored');
      const storage = path.join(dirs.data, 'Cloudpick', 'picked');
      for (const [name, folder] of [['Meadow.png', 'Photos'], ['Quarterly report.pdf', 'Documents']]) {
        assert.ok(fs.readFileSync(path.join(storage, name)).equals(fs.readFileSync(path.join(seed, folder, name))), `${name} has its bytes`);
      }
      await browser.$('.json summary').click();
      const json = JSON.parse(await textOf(browser, '[data-field="json"]'));
      assert.deepEqual(json.filesUploaded.map((f) => [f.filename, f.source]).sort(), [['Meadow.png', 'onedrive'], ['Quarterly report.pdf', 'dropbox']]);
      await screenshot(browser, `result-${theme}`);
      await browser.$('button=Pick more').click();
    });

    it('lists the picked files in Recent, across drives, and every pick in Activity', async () => {
      const { browser } = app;
      await browser.$('[data-place="recent"]').click();
      await browser.$('[data-view="recent"] [data-name="Meadow.png"]').waitForDisplayed({ timeout: 10_000 });
      const recent = await browser.execute(() =>
        [...document.querySelectorAll('[data-view="recent"] [data-name]')].map((el) => [el.getAttribute('data-name'), el.querySelector('[data-field="drive"]').innerText.trim()]),
      );
      assert.deepEqual(recent.sort(), [
        ['Meadow.png', 'OneDrive · demo@cloudpick.invalid'],
        ['Quarterly report.pdf', 'Dropbox · demo@cloudpick.invalid'],
      ]);
      await browser.$('[aria-label="Select Quarterly report.pdf from Dropbox · demo@cloudpick.invalid"]').click();
      assert.match(await textOf(browser, 'footer[aria-label="Selection"]'), /1 selected/);
      await screenshot(browser, `recent-${theme}`);
      await browser.$('[data-action="clear-selection"]').click();

      await browser.$('[data-place="activity"]').click();
      await browser.$('[data-view="activity"] article').waitForDisplayed({ timeout: 10_000 });
      assert.equal(await textOf(browser, '[data-view="activity"] article h3'), '2 files picked · 2 stored');
      await screenshot(browser, `activity-${theme}`);
      const copy = path.join(dirs.data, 'Cloudpick', 'picked', 'Meadow.png');
      assert.ok(fs.existsSync(copy));
      await browser.$('[data-view="activity"] [data-filename="Meadow.png"] [data-action="remove"]').click();
      await browser.$('[data-action="confirm-remove"]').click();
      await browser.waitUntil(async () => (await browser.$('[data-view="activity"] [data-filename="Meadow.png"]').getAttribute('data-state')) === 'removed', {
        timeout: 10_000,
        timeoutMsg: 'the copy is marked removed',
      });
      assert.equal(fs.existsSync(copy), false, 'the stored copy is deleted');
      assert.ok(fs.existsSync(path.join(dirs.data, 'Cloudpick', 'picked', 'Quarterly report.pdf')), 'the other copy stays');
      assert.equal(await textOf(browser, '[data-view="activity"] article h3'), '2 files picked · 1 stored, 1 removed');
    });

    it('cancels one file of an upload, retries it, and cancels all', async () => {
      const { browser } = app;
      const folder = path.join(dirs.home, 'Transfers');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'notes.txt'), 'kept\n');
      // Sparse: no disk space, but copying it takes a while.
      fs.writeFileSync(path.join(folder, 'backup.iso'), '');
      fs.truncateSync(path.join(folder, 'backup.iso'), 8 * 1024 ** 3);
      await browser.$('[data-provider="local"]').click();
      await browser.$('[data-name="Transfers"]').click();
      await browser.$('[data-name="backup.iso"]').click();
      await browser.$('[data-name="notes.txt"]').click();
      await browser.$('[data-action="upload"]').click();
      const bar = await browser.$('[aria-label="backup.iso progress"]');
      await browser.waitUntil(async () => Number(await bar.getAttribute('aria-valuenow')) > 0, { timeout: 20_000, timeoutMsg: 'the copy moves' });
      await screenshot(browser, `upload-progress-${theme}`);
      await browser.$('[aria-label="Cancel backup.iso"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
      assert.equal(await textOf(browser, '[data-view="result"] h2'), '1 file stored');
      assert.match(await textOf(browser, '[aria-label="Files not stored"]'), /backup\.iso[\s\S]*Cancelled/);
      const storage = path.join(dirs.data, 'Cloudpick', 'picked');
      assert.equal(fs.readFileSync(path.join(storage, 'notes.txt'), 'utf8'), 'kept\n');
      await browser.$('[data-action="retry"]').click();
      await browser.waitUntil(async () => Number(await browser.$('[aria-label="backup.iso progress"]').getAttribute('aria-valuenow')) > 0, {
        timeout: 20_000,
        timeoutMsg: 'the retried copy moves',
      });
      assert.match(await textOf(browser, '[data-view="upload"] h2'), /Uploading 1 file/);
      await browser.$('[data-action="cancel-all"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
      assert.deepEqual(fs.readdirSync(storage).filter((n) => n.includes('backup')), [], 'nothing partial is left');
      await browser.$('button=Pick more').click();
    });

    it('edits an image before the upload: a square crop, a turn and a size', async () => {
      const { browser } = app;
      await browser.$('[data-provider="onedrive"]').click();
      await browser.$('[data-name="Photos"]').click();
      await browser.$('[data-name="Meadow.png"]').click();
      await browser.$('[data-action="show-selection"]').click();
      await browser.$('[data-selected="Meadow.png"] [data-action="edit-image"]').click();
      await browser.$('[data-view="editor"] [data-field="crop-box"]').waitForDisplayed({ timeout: 20_000 });
      assert.equal(await textOf(browser, '[data-field="output-size"]'), '1600 × 1200 px');
      await browser.$('[data-preset="1:1"]').click();
      await browser.$('[data-action="rotate-right"]').click();
      await browser.$('[data-field="width"]').setValue('300');
      assert.equal(await textOf(browser, '[data-field="output-size"]'), '300 × 300 px');
      await screenshot(browser, `editor-${theme}`);
      // Straightened a little: the canvas grows to hold the turned square; then back.
      const straighten = (degrees) =>
        browser.execute((value) => {
          const input = document.querySelector('[data-field="angle"]');
          input.value = String(value);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }, degrees);
      await straighten(10);
      assert.equal(await textOf(browser, '[data-field="output-size"]'), '348 × 348 px');
      await screenshot(browser, `editor-straighten-${theme}`);
      await straighten(0);
      assert.equal(await textOf(browser, '[data-field="output-size"]'), '300 × 300 px');
      await browser.$('[data-action="apply-edit"]').click();
      assert.equal(await textOf(browser, '[data-edited="Meadow.png"]'), 'Edited');
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
      await browser.$('.json summary').click();
      const stored = JSON.parse(await textOf(browser, '[data-field="json"]')).filesUploaded[0];
      assert.deepEqual(stored.cropped, { cropArea: { position: [200, 0], size: [1200, 1200] }, originalImageSize: [1600, 1200] });
      assert.deepEqual(stored.rotated, { direction: 'CW', value: 90 });
      const file = fs.readFileSync(new URL(stored.url));
      assert.equal(file.subarray(1, 4).toString('latin1'), 'PNG');
      assert.deepEqual([file.readUInt32BE(16), file.readUInt32BE(20)], [300, 300], 'the stored picture is 300×300');
      await browser.$('button=Pick more').click();

      // The stored copy, edited again from Activity: a round one, beside it.
      await browser.$('[data-place="activity"]').click();
      await browser.$(`[data-view="activity"] [aria-label="Edit the stored copy of ${stored.filename}"]`).click();
      await browser.$('[data-view="editor"] [data-field="crop-box"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-preset="circle"]').click();
      await screenshot(browser, `editor-stored-${theme}`);
      await browser.$('button=Save as a new copy').click();
      const saved = await browser.$('[data-field="activity-notice"]');
      await saved.waitForDisplayed({ timeout: 20_000 });
      const name = (await saved.getText()).replace('Saved the edit as ', '');
      assert.notEqual(name, stored.filename, 'a new copy, under a free name');
      const round = fs.readFileSync(path.join(path.dirname(fileURLToPath(stored.url)), name));
      assert.deepEqual([round.readUInt32BE(16), round.readUInt32BE(20), round[25]], [300, 300, 6], '300×300 with transparency');
      assert.deepEqual([...fs.readFileSync(new URL(stored.url))], [...file], 'the first copy is as it was');
    });

    it('saves a file to a new folder on a drive, asking before it replaces anything', async () => {
      const { browser } = app;
      const folder = `Saved ${theme}`;
      await browser.$('[data-provider="local"]').click();
      await browser.$('[data-name="Transfers"]').click();
      await browser.$('[data-name="notes.txt"]').click();
      await browser.$('[data-action="save-to"]').click();
      await browser.$('[data-view="save"]').waitForDisplayed({ timeout: 5_000 });
      await browser.$('[data-field="save-drive"]').selectByVisibleText('Dropbox · demo@cloudpick.invalid');
      await browser.$('[data-folder="Documents"]').waitForDisplayed({ timeout: 10_000 });
      await browser.$('[data-field="new-folder"]').setValue(folder);
      await browser.$('[data-action="create-folder"]').click();
      await browser.waitUntil(async () => (await textOf(browser, '[data-field="save-where"]')).endsWith(`/${folder}`), {
        timeout: 10_000,
        timeoutMsg: 'the new folder is opened',
      });
      const name = await browser.$('[data-field="save-name"]');
      await name.clearValue();
      await name.setValue('Meeting notes.txt');
      await screenshot(browser, `save-dialog-${theme}`);
      await browser.$('[data-action="save"]').click();
      await browser.$('[data-view="save-result"]').waitForDisplayed({ timeout: 20_000 });
      assert.match(await textOf(browser, '[data-view="save-result"]'), /Saved to Dropbox · demo@cloudpick\.invalid\/Saved \w+[\s\S]*Meeting notes\.txt[\s\S]*dropbox_content_hash/);
      await browser.$('button=Done').click();

      // Again, under the same name: it asks, and keeps both when told to.
      await browser.$('[data-action="save-to"]').click();
      await browser.$('[data-field="save-drive"]').selectByVisibleText('Dropbox · demo@cloudpick.invalid');
      await browser.$(`[data-folder="${folder}"]`).click();
      await browser.waitUntil(async () => (await textOf(browser, '[data-field="save-where"]')).endsWith(`/${folder}`), { timeout: 10_000 });
      await browser.$('[data-field="save-name"]').clearValue();
      await browser.$('[data-field="save-name"]').setValue('Meeting notes.txt');
      await browser.$('[data-action="save"]').click();
      await browser.$('[data-view="save-conflict"]').waitForDisplayed({ timeout: 20_000 });
      assert.match(await textOf(browser, '[data-view="save-conflict"]'), /Meeting notes\.txt is already in .*choose Replace/);
      await screenshot(browser, `save-conflict-${theme}`);
      await browser.$('[data-action="keep-both"]').click();
      await browser.$('[data-saved="Meeting notes (1).txt"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('button=Done').click();
      await browser.$('[data-action="clear-selection"]').click();

      // A question answered is no failure: Activity shows two saves, neither failed.
      await browser.$('[data-place="activity"]').click();
      // Activity may show the list of an earlier visit for a moment: wait for the newest.
      const headings = () => browser.execute(() => [...document.querySelectorAll('[data-view="activity"] article h3')].slice(0, 2).map((h) => h.textContent.trim()));
      await browser
        .waitUntil(async () => (await headings()).join('|') === '1 file saved to a drive · 1 stored|1 file saved to a drive · 1 stored', { timeout: 10_000 })
        .catch(async () => assert.fail(`two saves, neither failed: ${JSON.stringify(await headings())}`));

      // Both are on the drive.
      await browser.$('[data-provider="dropbox"]').click();
      await browser.$(`[data-name="${folder}"]`).click();
      await browser.$('[data-name="Meeting notes (1).txt"]').waitForDisplayed({ timeout: 10_000 });
      assert.ok(await browser.$('[data-name="Meeting notes.txt"]').isExisting());
    });

    it('stores an upload in a folder on a drive chosen in the upload options', async () => {
      const { browser } = app;
      await browser.$('[data-provider="local"]').click();
      await browser.$('[data-name="Transfers"]').click();
      await browser.$('[data-name="notes.txt"]').click();
      await browser.$('[data-action="upload-options"]').click();
      await browser.$('#store-to').selectByVisibleText('Dropbox · demo@cloudpick.invalid');
      const folder = await browser.$('#store-to-path');
      assert.equal(await folder.getValue(), '/Cloudpick');
      await folder.setValue('/Uploads/From e2e');
      await screenshot(browser, `upload-options-${theme}`);
      await browser.$('[data-view="upload-options"]').$('button=Done').click();
      assert.equal((await textOf(browser, '[data-action="upload-options"]')).trim(), 'To Dropbox/Uploads/From e2e');
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
      assert.equal(await textOf(browser, '[data-view="result"] h2'), '1 file stored');
      await browser.$('.json summary').click();
      const stored = JSON.parse(await textOf(browser, '[data-field="json"]')).filesUploaded[0];
      assert.equal(stored.container, 'dropbox:demo@cloudpick.invalid:/Uploads/From e2e');
      assert.equal(stored.key, 'Uploads/From e2e/notes.txt');
      assert.match(stored.url, /^http:\/\/127\.0\.0\.1:\d+\//, 'a share link on the demo Dropbox');
      assert.equal(stored.hash.algorithm, 'dropbox_content_hash');
      await browser.$('button=Pick more').click();
      await browser.$('[data-provider="dropbox"]').click();
      await browser.$('[data-name="Uploads"]').click();
      await browser.$('[data-name="From e2e"]').click();
      await browser.$('[data-name="notes.txt"]').waitForDisplayed({ timeout: 10_000 });
    });

    it('shows Settings, the drive apps, the account and the connect views', async () => {
      const { browser } = app;
      await browser.$('button=Settings').click();
      await browser.$('#accept').waitForDisplayed({ timeout: 5_000 });
      await screenshot(browser, `settings-${theme}`);
      // Amazon's and Alfresco's dark marks carry a light ring on the dark sidebar, none on the light one.
      const rings = await browser.execute(() =>
        ['clouddrive', 'alfresco'].map((id) => getComputedStyle(document.querySelector(`[data-provider="${id}"] svg [data-ring]`)).stroke),
      );
      for (const ring of rings) {
        if (theme === 'dark') assert.match(ring, /^rgba\(255, 255, 255, 0\.3\d*\)$/, ring);
        else assert.match(ring, /^(none|transparent|rgba\(0, 0, 0, 0\))$/, ring);
      }
      assert.match(await textOf(browser, '[data-provider-app="dropbox"] summary'), /Demo: the emulator’s app/);
      await browser.$('[data-provider-app="dropbox"] summary').click();
      await browser.$('[data-provider-app="dropbox"] [data-field="redirect-uri"]').scrollIntoView();
      assert.equal(await textOf(browser, '[data-provider-app="dropbox"] [data-field="redirect-uri"]'), 'http://127.0.0.1:53682/callback');
      await screenshot(browser, `settings-apps-${theme}`);
      await browser.$('[data-provider="box"]').click();
      await browser.$('[data-action="account"]').click();
      await browser.$('[data-view="account"]').waitForDisplayed({ timeout: 5_000 });
      assert.match(await textOf(browser, '[data-view="account"]'), /Demo User[\s\S]*demo@cloudpick\.invalid/);
      await screenshot(browser, `account-chip-${theme}`);
      // Disconnect reads as a label, not a red box: its text differs from its background.
      const [ink, paper] = await browser.execute(() => {
        const style = getComputedStyle(document.querySelector('[data-action="disconnect"]'));
        return [style.color, style.backgroundColor];
      });
      assert.notEqual(ink, paper, 'the Disconnect label shows on its button');
      await browser.$('[data-action="disconnect"]').click();
      await browser.$('[data-view="disconnect"]').waitForDisplayed({ timeout: 5_000 });
      assert.equal(
        await textOf(browser, '[data-view="disconnect"] p'),
        'Disconnect Box? Cloudpick forgets this account; your files stay on Box.',
      );
      await screenshot(browser, `disconnect-ask-${theme}`);
      await browser.$('[data-action="confirm-disconnect"]').click();
      await browser.$('[data-view="not-connected"]').waitForDisplayed({ timeout: 10_000 });
      assert.match(await textOf(browser, '[data-view="not-connected"] h2'), /Connect Box/);
      await screenshot(browser, `connect-${theme}`);
      await browser.$('[data-provider="alfresco"]').click();
      await browser.$('[data-action="account"]').click();
      await browser.$('[data-action="disconnect"]').click();
      await browser.$('[data-action="confirm-disconnect"]').click();
      await browser.$('[data-form="alfresco"]').waitForDisplayed({ timeout: 10_000 });
      await screenshot(browser, `alfresco-sign-in-${theme}`);
    });
  });
}

/** Dropbox's content hash: SHA-256 over the SHA-256 of each 4 MiB block. */
function dropboxContentHash(bytes) {
  const blocks = [];
  for (let at = 0; at < bytes.length; at += 4 * 1024 * 1024) {
    blocks.push(createHash('sha256').update(bytes.subarray(at, at + 4 * 1024 * 1024)).digest());
  }
  return createHash('sha256').update(Buffer.concat(blocks)).digest('hex');
}

// The foundation's user path, in the real window: choose This computer, open a
// folder, select two files, upload them, and check the stored bytes and the
// result view.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Key } from 'webdriverio';
import { launch, pseudoRandomBytes, scratchHome, screenshot, sha256, textOf } from '../harness.mjs';

const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('pick from This computer', () => {
  const dirs = scratchHome('pick');
  const fixtures = path.join(dirs.home, 'Fixtures');
  const storage = path.join(dirs.data, 'Cloudpick', 'picked');
  const openerLog = path.join(dirs.home, 'opened.txt');
  let app;

  before(async () => {
    fs.mkdirSync(path.join(fixtures, 'Nested'), { recursive: true });
    fs.writeFileSync(path.join(fixtures, 'alpha.png'), Buffer.concat([PNG_HEADER, pseudoRandomBytes(180_000, 7)]));
    fs.writeFileSync(path.join(fixtures, 'report.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), pseudoRandomBytes(3_500_000, 11)]));
    fs.writeFileSync(path.join(fixtures, 'notes.txt'), 'Shopping list\n- milk\n');
    fs.writeFileSync(path.join(fixtures, '.hidden-config'), 'secret=no');
    // Sparse: takes no disk space, but copying it takes seconds.
    fs.mkdirSync(path.join(dirs.home, 'Big'));
    const iso = path.join(dirs.home, 'Big', 'disk-image.iso');
    fs.writeFileSync(iso, '');
    fs.truncateSync(iso, 6 * 1024 ** 3);
    const opener = path.join(dirs.home, 'opener.sh');
    fs.writeFileSync(opener, `#!/bin/sh\nprintf '%s' "$1" > '${openerLog}'\n`, { mode: 0o755 });
    app = await launch(dirs, { CLOUDPICK_OPENER: opener });
  });

  after(async () => {
    await app?.stop();
  });

  it('shows the eight sources in the chooser', async () => {
    const { browser } = app;
    const local = await browser.$('[data-source="local"]');
    await local.waitForDisplayed({ timeout: 20_000 });
    const names = await browser.execute(() => [...document.querySelectorAll('.sources .name')].map((el) => el.innerText));
    assert.deepEqual(names, ['OneDrive', 'Dropbox', 'Box', 'Alfresco', 'Amazon Cloud Drive', 'Amazon S3', 'Azure Blob', 'This computer']);
    const dropbox = await textOf(browser, '[data-source="dropbox"]');
    assert.match(dropbox, /Not connected/);
    await browser.$('[data-name="Fixtures"]').waitForDisplayed({ timeout: 10_000 });
    await screenshot(browser, 'chooser');
  });

  it('opens a folder, selects two files and stores them', async () => {
    const { browser } = app;
    await browser.$('[data-source="local"]').click();
    await browser.$('[data-name="Fixtures"]').click();
    await browser.$('[data-name="report.pdf"]').waitForDisplayed({ timeout: 10_000 });
    const crumbs = await textOf(browser, 'nav[aria-label="Folder path"]');
    assert.match(crumbs, /This computer[\s\S]*Fixtures/);
    const rows = await browser.$$('[role="option"]').map((el) => el.getAttribute('data-name'));
    assert.deepEqual(rows, ['Nested', 'alpha.png', 'notes.txt', 'report.pdf'], 'folders first, hidden files left out');
    await screenshot(browser, 'browse-folder');

    await browser.$('[data-name="alpha.png"]').click();
    await browser.$('[data-name="report.pdf"]').click();
    const bar = await textOf(browser, 'footer[aria-label="Selection"]');
    assert.match(bar, /2 selected/);
    await screenshot(browser, 'selection');

    await browser.$('[data-action="upload"]').click();
    await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
    await screenshot(browser, 'result');

    for (const name of ['alpha.png', 'report.pdf']) {
      const stored = path.join(storage, name);
      assert.ok(fs.existsSync(stored), `${stored} exists`);
      assert.equal(sha256(stored), sha256(path.join(fixtures, name)), `${name} has identical bytes`);
    }
    const listed = await browser.$$('[data-view="result"] [data-filename]').map((el) => el.getAttribute('data-filename'));
    assert.deepEqual(listed.sort(), ['alpha.png', 'report.pdf']);
    const heading = await textOf(browser, '[data-view="result"] h2');
    assert.equal(heading, '2 files stored');
    const leftovers = fs.readdirSync(storage).filter((n) => n.endsWith('.cloudpick-part'));
    assert.deepEqual(leftovers, [], 'no temp files left behind');
  });

  it('opens the storage folder, and a stored file, from the result view', async () => {
    const { browser } = app;
    await browser.$('[data-action="open-folder"]').click();
    // The opener writes its log after creating it: wait for the words, not the file.
    await browser.waitUntil(() => fs.existsSync(openerLog) && fs.readFileSync(openerLog, 'utf8') !== '', { timeout: 5_000 });
    assert.equal(fs.readFileSync(openerLog, 'utf8'), fs.realpathSync(storage));
    fs.rmSync(openerLog);
    await browser.$('[data-filename="report.pdf"] [data-action="open-file"]').click();
    // The opener writes its log after creating it: wait for the words, not the file.
    await browser.waitUntil(() => fs.existsSync(openerLog) && fs.readFileSync(openerLog, 'utf8') !== '', { timeout: 5_000 });
    assert.equal(fs.readFileSync(openerLog, 'utf8'), path.join(fs.realpathSync(storage), 'report.pdf'));
  });

  it('copies a stored file\'s path to the clipboard', async () => {
    const { browser } = app;
    await browser.$('[data-filename="report.pdf"] [data-action="copy-path"]').click();
    await browser.$('p[role="status"]').waitForDisplayed({ timeout: 5_000 });
    const clipboard = execFileSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8' });
    assert.equal(clipboard, path.join(fs.realpathSync(storage), 'report.pdf'));
  });

  it('selects with the keyboard: arrows, Space, Shift ranges, Ctrl+A', async () => {
    const { browser } = app;
    await browser.$('button=Pick more').click();
    await browser.$('[data-name="report.pdf"]').waitForDisplayed({ timeout: 10_000 });
    await browser.execute(() => document.querySelector('[role="listbox"]').focus());
    // Row 0 is the folder "Nested"; row 1 is alpha.png.
    await browser.keys([Key.ArrowDown]);
    await browser.keys([Key.Space]);
    await browser.keys([Key.Shift, Key.ArrowDown]);
    await browser.keys([Key.Shift, Key.ArrowDown]);
    const selected = await browser.$$('[role="option"][aria-selected="true"]').map((el) => el.getAttribute('data-name'));
    assert.deepEqual(selected, ['alpha.png', 'notes.txt', 'report.pdf']);
    // Esc leaves the list; the selection, built over time, stays.
    await browser.keys([Key.Escape]);
    assert.equal((await browser.$$('[role="option"][aria-selected="true"]')).length, 3, 'Esc keeps the selection');
    // Clear takes it all, and offers it back.
    await browser.$('[data-action="clear-selection"]').click();
    assert.equal((await browser.$$('[role="option"][aria-selected="true"]')).length, 0);
    assert.match(await textOf(browser, '[data-field="undo"]'), /Cleared 3 selected files/);
    await screenshot(browser, 'selection-cleared-undo');
    await browser.$('[data-action="undo"]').click();
    assert.equal((await browser.$$('[role="option"][aria-selected="true"]')).length, 3, 'Undo brings it back');
    await browser.$('[data-action="clear-selection"]').click();
    await browser.execute(() => document.querySelector('[role="listbox"]').focus());
    await browser.keys([Key.Ctrl, 'a']);
    const all = await browser.$$('[role="option"][aria-selected="true"]');
    assert.equal(all.length, 3, 'Ctrl+A selects every file, not folders');
    await screenshot(browser, 'keyboard-selection');
    await browser.keys([Key.Home, Key.Enter]);
    await browser.waitUntil(async () => (await textOf(browser, '[aria-current="location"]')) === 'Nested', {
      timeout: 5_000,
      timeoutMsg: 'Enter on the folder row opens it',
    });
    await browser.keys([Key.Backspace]);
    await browser.$('[data-name="report.pdf"]').waitForDisplayed({ timeout: 5_000 });
  });

  it('shows progress while copying and cancels on request, leaving nothing partial', async () => {
    const { browser } = app;
    await browser.$('[data-source="local"]').click();
    await browser.$('[data-name="Big"]').waitForDisplayed({ timeout: 10_000 });
    await browser.$('button=Clear').click();
    await browser.$('[data-name="Big"]').click();
    await browser.$('[data-name="disk-image.iso"]').click();
    await browser.$('[data-action="upload"]').click();
    await browser.$('[data-view="upload"]').waitForDisplayed({ timeout: 5_000 });
    await browser.waitUntil(async () => Number(await browser.$('[aria-label="disk-image.iso progress"]').getAttribute('aria-valuenow')) > 0, {
      timeout: 10_000,
      timeoutMsg: 'the progress bar moves',
    });
    assert.match(await textOf(browser, '[data-view="upload"] h2'), /Uploading 1 file/);
    await screenshot(browser, 'upload-progress');
    await browser.$('[data-action="cancel-all"]').click();
    await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 20_000 });
    assert.equal(await textOf(browser, '[data-view="result"] h2'), 'No files stored');
    assert.match(await textOf(browser, '[aria-label="Files not stored"]'), /Cancelled/);
    await screenshot(browser, 'upload-cancelled');
    const left = fs.readdirSync(storage).filter((n) => n.includes('disk-image'));
    assert.deepEqual(left, [], 'no partial copy and no temp file');
  });
});

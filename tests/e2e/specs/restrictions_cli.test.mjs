// Restrictions given on the command line, in the real window: types, the most
// files and the smallest image hold for this run, and Settings shows them
// without letting them be changed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appBinary, launch, png, scratchHome, screenshot, sha256, textOf } from '../harness.mjs';

const ARGS = ['--accept', 'image/*,.pdf', '--max-files', '2', '--min-image', '100x100'];

for (const theme of ['light', 'dark']) describe(`restrictions from the command line (${theme})`, () => {
  const dirs = scratchHome(`cli-rules-${theme}`);
  const fixtures = path.join(dirs.home, 'Shots');
  const storage = path.join(dirs.data, 'Cloudpick', 'picked');
  let app;

  before(async () => {
    fs.mkdirSync(fixtures);
    fs.writeFileSync(path.join(fixtures, 'icon.png'), png(20, 20));
    fs.writeFileSync(path.join(fixtures, 'photo.png'), png(300, 200));
    fs.writeFileSync(path.join(fixtures, 'square.png'), png(150, 150));
    fs.writeFileSync(path.join(fixtures, 'notes.txt'), 'not a picture\n');
    fs.writeFileSync(path.join(fixtures, 'scan.pdf'), '%PDF-1.7\nscan\n');
    app = await launch(dirs, theme === 'dark' ? { GTK_THEME: 'Adwaita:dark' } : {}, ARGS);
  });

  after(async () => {
    await app?.stop();
  });

  it('greys out the types the command line does not accept', async () => {
    const { browser } = app;
    await browser.$('[data-source="local"]').waitForDisplayed({ timeout: 20_000 });
    await browser.$('[data-name="Shots"]').click();
    const notes = await browser.$('[data-name="notes.txt"]');
    await notes.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await notes.getAttribute('aria-disabled'), 'true');
    assert.equal(await notes.getAttribute('title'), 'Only image/*, .pdf can be picked');
    assert.equal(await browser.$('[data-name="scan.pdf"]').getAttribute('aria-disabled'), 'false');
    await notes.click();
    await browser.waitUntil(async () => /notes\.txt: Only image\/\*, \.pdf/.test(await textOf(browser, '[data-field="notice"]')), {
      timeout: 5_000,
      timeoutMsg: 'a click on a refused file says why',
    });
  });

  it('measures a selected image and lets go of one that is too small', async () => {
    const { browser } = app;
    await browser.$('[data-name="icon.png"]').click();
    await browser.waitUntil(async () => /icon\.png: 20×20 pixels, smaller than the 100×100/.test(await textOf(browser, '[data-field="notice"]')), {
      timeout: 10_000,
      timeoutMsg: 'the small image is refused once measured',
    });
    assert.equal(await browser.$('[data-name="icon.png"]').getAttribute('aria-selected'), 'false');
    assert.equal(await browser.$('[data-name="icon.png"]').getAttribute('aria-disabled'), 'true');
  });

  it('holds the selection to the most files allowed', async () => {
    const { browser } = app;
    await browser.$('[data-name="photo.png"]').click();
    await browser.$('[data-name="scan.pdf"]').click();
    await browser.$('[data-name="square.png"]').click();
    await browser.waitUntil(async () => /at most 2 files/.test(await textOf(browser, '[data-field="notice"]')), {
      timeout: 5_000,
      timeoutMsg: 'a third file is not taken',
    });
    const selected = await browser.$$('[role="option"][aria-selected="true"]').map((el) => el.getAttribute('data-name'));
    assert.deepEqual(selected, ['photo.png', 'scan.pdf']);
    await screenshot(browser, `cli-restrictions-${theme}`);
    await browser.$('[data-action="upload"]').click();
    await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 20_000 });
    assert.deepEqual(fs.readdirSync(storage).sort(), ['photo.png', 'scan.pdf']);
    assert.equal(sha256(path.join(storage, 'photo.png')), sha256(path.join(fixtures, 'photo.png')));
  });

  it('shows them in Settings for this run, unchangeable, and leaves the file alone', async () => {
    const { browser } = app;
    await browser.$('button=Settings').click();
    const note = await browser.$('[data-testid="rules-locked"]');
    await note.waitForDisplayed({ timeout: 5_000 });
    assert.match(await note.getText(), /Set on the command line for this run/);
    assert.equal(await browser.$('#accept').getValue(), 'image/*, .pdf');
    assert.equal(await browser.$('#max-files').getValue(), '2');
    assert.equal(await browser.$('#min-width').getValue(), '100');
    const disabled = await browser.execute(() => document.querySelector('#accept').matches(':disabled'));
    assert.equal(disabled, true, 'the fields cannot be edited');
    await screenshot(browser, `settings-cli-restrictions-${theme}`);
    // Another setting changed: the file gets it, and not the command line's rules.
    await browser.$('input[name="hidden"]').click();
    await browser.$('[data-saved="hidden"]').waitForDisplayed({ timeout: 5_000 });
    const config = fs.readFileSync(path.join(dirs.config, 'Cloudpick', 'config.toml'), 'utf8');
    assert.match(config, /show_hidden = true/);
    assert.match(config, /accept = \[\]/);
    assert.doesNotMatch(config, /image\/\*|max_files|min_image/, 'the command line is not saved');
  });

  it('refuses a restriction it cannot read, naming it', () => {
    const run = spawnSync(appBinary, ['--max-size', 'huge'], { encoding: 'utf8', env: { ...process.env, HOME: dirs.home } });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /"huge" is not a size: write it like 20 MB/);
    assert.equal(run.stdout, '');
  });
});

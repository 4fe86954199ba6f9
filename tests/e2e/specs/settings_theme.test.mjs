// Settings change where picked files go and what This computer shows; the
// window follows the system's dark theme.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, scratchHome, screenshot, sha256, textOf } from '../harness.mjs';

describe('settings', () => {
  const dirs = scratchHome('settings');
  const stored = path.join(dirs.home, 'Stored here');
  // The folder dialog: a program that answers what the test wrote, as the
  // user would choose in zenity.
  const answer = path.join(dirs.home, 'dialog-answer');
  const asked = path.join(dirs.home, 'dialog-asked');
  const dialog = path.join(dirs.home, 'folder-dialog.sh');
  let app;

  before(async () => {
    fs.writeFileSync(path.join(dirs.home, 'notes.txt'), 'Remember the milk\n');
    fs.writeFileSync(path.join(dirs.home, '.profile-secret'), 'hidden');
    fs.mkdirSync(stored);
    fs.writeFileSync(dialog, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${asked}'\ncat '${answer}'\n`, { mode: 0o755 });
    app = await launch(dirs, { CLOUDPICK_FOLDER_DIALOG: dialog });
  });

  after(async () => {
    await app?.stop();
  });

  it('moves the storage folder and shows hidden files, each applied as it changes', async () => {
    const { browser } = app;
    await browser.$('[data-name="notes.txt"]').waitForDisplayed({ timeout: 20_000 });
    assert.equal(await browser.$('[data-name=".profile-secret"]').isExisting(), false, 'hidden files are off by default');

    await browser.$('button=Settings').click();
    const storage = await browser.$('#storage');
    await storage.waitForDisplayed({ timeout: 5_000 });
    assert.equal(await storage.getValue(), path.join(dirs.data, 'Cloudpick', 'picked'), 'the default storage folder');
    assert.equal(await storage.getAttribute('readonly'), 'true', 'a folder is chosen, not typed');
    fs.writeFileSync(answer, `${stored}\n`);
    await browser.$('[data-action="choose-storage"]').click();
    await browser.$('[data-saved="storage"]').waitForDisplayed({ timeout: 5_000 });
    assert.equal(await storage.getValue(), stored);
    assert.match(fs.readFileSync(asked, 'utf8'), /Choose the folder picked files are stored in/);
    assert.equal(await browser.$('.settings > form button[type="submit"]').isExisting(), false, 'no Save button to find');
    await browser.$('input[name="hidden"]').click();
    await browser.$('[data-saved="hidden"]').waitForDisplayed({ timeout: 5_000 });
    assert.equal(await textOf(browser, '[data-saved="hidden"]'), 'Saved');
    await screenshot(browser, 'settings');
    const config = fs.readFileSync(path.join(dirs.config, 'Cloudpick', 'config.toml'), 'utf8');
    assert.match(config, /storage_folder = ".*Stored here"/);
    assert.match(config, /show_hidden = true/);

    await browser.$('[data-source="local"]').click();
    await browser.$('[data-name=".profile-secret"]').waitForDisplayed({ timeout: 5_000 });
    await browser.$('[data-name="notes.txt"]').click();
    await browser.$('[data-action="upload"]').click();
    await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 20_000 });
    assert.equal(sha256(path.join(stored, 'notes.txt')), sha256(path.join(dirs.home, 'notes.txt')));
    assert.match(await textOf(browser, '[data-view="result"] .heading p'), /Stored here/);
  });

  it('refuses the whole disk and system folders from the dialog, with a clear message', async () => {
    const { browser } = app;
    await browser.$('button=Settings').click();
    await browser.$('#root').waitForDisplayed({ timeout: 5_000 });
    for (const [chosen, said] of [
      ['/', /The whole disk/],
      ['/etc', /system's folders/],
      [path.join(dirs.home, '.config'), /hidden folder/],
    ]) {
      fs.writeFileSync(answer, `${chosen}\n`);
      await browser.$('[data-action="choose-root"]').click();
      const alert = await browser.$('[data-error-for="root"]');
      await alert.waitUntil(async () => said.test(await alert.getText().catch(() => '')), { timeout: 5_000 });
    }
    assert.equal(
      await browser.execute(() => document.querySelector('#root').closest('.folder-choice').nextElementSibling?.dataset.errorFor),
      'root',
      'the message is right beside the field',
    );
    assert.equal(await browser.$('#root').getValue(), dirs.home, 'This computer is still the home folder');
    const config = fs.readFileSync(path.join(dirs.config, 'Cloudpick', 'config.toml'), 'utf8');
    assert.doesNotMatch(config, /local_root/);
    await screenshot(browser, 'settings-folder-refused');
  });

  it('restricts what can be picked: other types are greyed out with the reason', async () => {
    const { browser } = app;
    fs.writeFileSync(path.join(dirs.home, 'sunset.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    // Away and back: the settings as saved, not the refused entry of the last test.
    await browser.$('[data-source="local"]').click();
    await browser.$('button=Settings').click();
    await browser.$('#accept').waitForDisplayed({ timeout: 5_000 });
    await browser.$('#accept').setValue('image/*, .pdf');
    await browser.$('#max-files').setValue('1');
    // Leaving the last field applies it, as leaving Settings would.
    await browser.$('#max-size').click();
    await browser.$('[data-saved="files"]').waitForDisplayed({ timeout: 5_000 });
    const config = fs.readFileSync(path.join(dirs.config, 'Cloudpick', 'config.toml'), 'utf8');
    assert.match(config, /\[restrictions\]\s*accept = \[\s*"image\/\*",\s*"\.pdf",?\s*\]\s*max_files = 1/);

    await browser.$('[data-source="local"]').click();
    await browser.$('[data-name="notes.txt"]').waitForDisplayed({ timeout: 5_000 });
    assert.equal(await browser.$('[data-name="notes.txt"]').getAttribute('aria-disabled'), 'true');
    assert.equal(await browser.$('[data-name="notes.txt"]').getAttribute('title'), 'Only image/*, .pdf can be picked');
    await browser.$('[data-name="notes.txt"]').click();
    assert.match(await textOf(browser, '[data-field="notice"]'), /notes\.txt: Only image\/\*, \.pdf can be picked/);
    await browser.$('[data-name="sunset.png"]').click();
    assert.equal(await browser.$('[data-name="sunset.png"]').getAttribute('aria-selected'), 'true');
    await screenshot(browser, 'restrictions');
    await browser.$('[data-action="clear-selection"]').click();
  });

  it("keeps a drive's own app: the id in the settings file, the secret in the keyring", async () => {
    const { browser } = app;
    await browser.$('button=Settings').click();
    const box = await browser.$('[data-provider-app="box"]');
    await box.waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf(browser, '[data-provider-app="box"] summary'), /Box\s*Not set up/);
    await browser.$('[data-provider-app="box"] summary').click();
    await browser.$('#box-clientId').waitForDisplayed({ timeout: 5_000 });
    assert.equal(await textOf(browser, '[data-provider-app="box"] [data-field="redirect-uri"]'), 'http://127.0.0.1/callback');
    await browser.$('#box-clientId').setValue('e2e-box-client');
    await browser.$('#box-clientSecret').setValue('e2e-box-secret-93c1');
    await browser.$('[data-provider-app="box"] [data-action="save-app"]').click();
    await browser.$('p=Box app saved.').waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf(browser, '[data-provider-app="box"] summary'), /Set up/);
    assert.equal(await browser.$('#box-clientSecret').getValue(), '', 'the secret is not shown again');
    assert.match(await browser.$('#box-clientSecret').getAttribute('placeholder'), /Saved in the system keyring/);
    await screenshot(browser, 'settings-box-app');
    const config = fs.readFileSync(path.join(dirs.config, 'Cloudpick', 'config.toml'), 'utf8');
    assert.match(config, /\[apps\.box\]\s*client_id = "e2e-box-client"/);
    assert.doesNotMatch(config, /e2e-box-secret/);
  });
});

describe('dark theme', () => {
  const dirs = scratchHome('dark');
  let app;

  before(async () => {
    fs.mkdirSync(path.join(dirs.home, 'Documents'));
    fs.writeFileSync(path.join(dirs.home, 'holiday.jpg'), Buffer.from('ffd8ffe000104a464946', 'hex'));
    fs.writeFileSync(path.join(dirs.home, 'budget.xlsx'), 'PK');
    app = await launch(dirs, { GTK_THEME: 'Adwaita:dark' });
  });

  after(async () => {
    await app?.stop();
  });

  it('follows the system preference', async () => {
    const { browser } = app;
    await browser.$('[data-name="holiday.jpg"]').waitForDisplayed({ timeout: 20_000 });
    const dark = await browser.execute(() => matchMedia('(prefers-color-scheme: dark)').matches);
    assert.equal(dark, true, 'the window reports a dark preference');
    const background = await browser.execute(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(20, 22, 29)');
    await browser.$('[data-name="holiday.jpg"]').click();
    await screenshot(browser, 'browse-dark');
  });
});

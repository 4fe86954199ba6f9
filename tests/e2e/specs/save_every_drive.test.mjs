// Save to, in the real window, on every drive that takes files: a local file
// saved to a new folder on Dropbox, OneDrive, Box and Alfresco, fetched back
// through the link the result gives; a Dropbox file saved to OneDrive (a
// cross-drive export); a stored copy saved from Activity; and Amazon Cloud
// Drive, which makes no links: the file is saved, and says so.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, pseudoRandomBytes, repoRoot, scratchHome, screenshot, textOf } from '../harness.mjs';

const cache = path.join(repoRoot, 'target', 'e2e-cache');
const seed = path.join(cache, 'cloudpick', 'demo-seed-v1');

/** Chooses the drive whose label starts with `name` in the save dialog. */
async function chooseDrive(browser, name) {
  const labels = await browser.execute(() => [...document.querySelectorAll('[data-field="save-drive"] option')].map((o) => o.textContent.trim()));
  const index = labels.findIndex((l) => l.startsWith(name));
  assert.ok(index >= 0, `${name} is offered: ${labels.join(', ')}`);
  await browser.$('[data-field="save-drive"]').selectByIndex(index);
  return labels;
}

/** Saves the selection to a new folder `folder` on `drive`; returns the saved files' links. */
async function saveTo(browser, drive, folder) {
  await browser.$('[data-view="save"]').waitForDisplayed({ timeout: 5_000 });
  await chooseDrive(browser, drive);
  await browser.$('[data-folder="Documents"]').waitForDisplayed({ timeout: 20_000 });
  await browser.$('[data-field="new-folder"]').setValue(folder);
  await browser.$('[data-action="create-folder"]').click();
  await browser.waitUntil(async () => (await textOf(browser, '[data-field="save-where"]')).endsWith(`/${folder}`), {
    timeout: 20_000,
    timeoutMsg: `the new folder on ${drive} is opened`,
  });
  await browser.$('[data-action="save"]').click();
  await browser.$('[data-view="save-result"]').waitForDisplayed({ timeout: 60_000 });
  const text = await textOf(browser, '[data-view="save-result"]');
  assert.match(text, new RegExp(`Saved to ${drive}.*/${folder}`));
  const links = await browser.execute(() => [...document.querySelectorAll('[data-action="copy-saved-link"]')].map((b) => b.getAttribute('title')));
  await browser.$('button=Done').click();
  return { text, links };
}

async function bytesAt(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url} answers`);
  return Buffer.from(await response.arrayBuffer());
}

describe('save to every drive', () => {
  const dirs = scratchHome('save-every');
  const report = pseudoRandomBytes(1_500_000, 77);
  let app;

  before(async () => {
    fs.mkdirSync(cache, { recursive: true });
    fs.mkdirSync(path.join(dirs.home, 'Outbox'), { recursive: true });
    fs.writeFileSync(path.join(dirs.home, 'Outbox', 'report.bin'), report);
    app = await launch(dirs, { CLOUDPICK_DEMO: '1', XDG_CACHE_HOME: cache });
  });

  after(async () => {
    await app?.stop();
  });

  for (const [drive, hash] of [
    ['Dropbox', 'dropbox_content_hash'],
    ['OneDrive', 'quickxorhash'],
    ['Box', 'sha1'],
    ['Alfresco', '(sha256|sha1|md5)'],
  ]) {
    it(`saves a local file to a new folder on ${drive}, with its link and hash`, async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
      await browser.$('[data-provider="local"]').click();
      await browser.$('[data-name="Outbox"]').click();
      await browser.$('[data-name="report.bin"]').click();
      await browser.$('[data-action="save-to"]').click();
      const { text, links } = await saveTo(browser, drive, `From e2e ${drive}`);
      assert.match(text, /report\.bin/);
      assert.match(text, new RegExp(hash), `${drive}'s own hash`);
      assert.equal(links.length, 1);
      assert.ok((await bytesAt(links[0])).equals(report), `the file on ${drive} has the local file's bytes`);
      await browser.$('[data-action="clear-selection"]').click();
      // It is there when the drive is browsed.
      await browser.$(`[data-provider="${drive.toLowerCase()}"]`).click();
      await browser.$(`[data-name="From e2e ${drive}"]`).click();
      await browser.$('[data-name="report.bin"]').waitForDisplayed({ timeout: 20_000 });
    });
  }

  it('saves a Dropbox file to OneDrive, and does not offer This computer', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Documents"]').click();
    await browser.$('[data-name="Quarterly report.pdf"]').click();
    await browser.$('[data-action="save-to"]').click();
    await browser.$('[data-view="save"]').waitForDisplayed({ timeout: 5_000 });
    const labels = await chooseDrive(browser, 'OneDrive');
    assert.ok(!labels.some((l) => /This computer/.test(l)), labels.join(', '));
    await screenshot(browser, 'save-cross-drive');
    const { links } = await saveTo(browser, 'OneDrive', 'From Dropbox');
    const original = fs.readFileSync(path.join(seed, 'Documents', 'Quarterly report.pdf'));
    assert.ok((await bytesAt(links[0])).equals(original), 'OneDrive has the Dropbox file, byte for byte');
    await browser.$('[data-action="clear-selection"]').click();
  });

  it('saves to Amazon Cloud Drive, which makes no links: stored, and the result says so', async () => {
    const { browser } = app;
    await browser.$('[data-provider="local"]').click();
    await browser.$('[data-name="Outbox"]').click();
    await browser.$('[data-name="report.bin"]').click();
    await browser.$('[data-action="save-to"]').click();
    await browser.$('[data-view="save"]').waitForDisplayed({ timeout: 5_000 });
    await chooseDrive(browser, 'Amazon Cloud Drive');
    await browser.$('[data-folder="Documents"]').waitForDisplayed({ timeout: 20_000 });
    await browser.$('[data-field="new-folder"]').setValue('From e2e Amazon');
    await browser.$('[data-action="create-folder"]').click();
    await browser.waitUntil(async () => (await textOf(browser, '[data-field="save-where"]')).endsWith('/From e2e Amazon'), { timeout: 20_000 });
    await browser.$('[data-action="save"]').click();
    await browser.$('[data-view="save-result"]').waitForDisplayed({ timeout: 60_000 });
    assert.match(await textOf(browser, '[data-view="save-result"]'), /Saved to Amazon Cloud Drive.*\/From e2e Amazon[\s\S]*report\.bin[\s\S]*md5[\s\S]*no share link/);
    const location = await browser.$('[data-field="no-link"]').getAttribute('title');
    assert.match(location, /^http:\/\/127\.0\.0\.1:\d+\/.*nodes\//, 'the url is the file\'s address in the API');
    await screenshot(browser, 'save-amazon-no-link');
    await browser.$('button=Done').click();
    await browser.$('[data-action="clear-selection"]').click();
    // It is there when the drive is browsed.
    await browser.$('[data-provider="clouddrive"]').click();
    await browser.$('[data-name="From e2e Amazon"]').click();
    await browser.$('[data-name="report.bin"]').waitForDisplayed({ timeout: 20_000 });
  });

  it('saves a stored copy to a drive from Activity', async () => {
    const { browser } = app;
    await browser.$('[data-provider="local"]').click();
    await browser.$('[data-name="Outbox"]').click();
    await browser.$('[data-name="report.bin"]').click();
    await browser.$('[data-action="upload"]').click();
    await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
    await browser.$('[data-action="save-result"]').click();
    const fromResult = await saveTo(browser, 'Box', 'From the result');
    assert.ok((await bytesAt(fromResult.links[0])).equals(report));
    await browser.$('[data-place="activity"]').click();
    await browser.$('[data-view="activity"] [data-action="save-stored"]').waitForDisplayed({ timeout: 10_000 });
    await browser.$('[data-view="activity"] [data-action="save-stored"]').click();
    const fromActivity = await saveTo(browser, 'Alfresco', 'From Activity');
    assert.ok((await bytesAt(fromActivity.links[0])).equals(report));
  });
});

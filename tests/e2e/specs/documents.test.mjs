// Office documents in the window, in both themes: a .docx on This computer
// (made by LibreOffice from flat ODF, so nothing here wrote it) picked with
// "Convert documents to PDF" lands as a PDF whose pages and text poppler
// reads back; a damaged one fails alone, with the reason.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appBinary, launchDemo, png, scratchHome, screenshot, textOf } from '../harness.mjs';

const FODT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles><style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style></office:automatic-styles>
 <office:body><office:text>
  <text:p>Minutes of the meeting</text:p>
  <text:p text:style-name="Break">Actions for next week</text:p>
 </office:text></office:body>
</office:document>`;

for (const theme of ['light', 'dark']) {
  describe(`documents to PDF (${theme})`, () => {
    const dirs = scratchHome(`documents-${theme}`);
    let app;

    before(async () => {
      const folder = path.join(dirs.home, 'Documents');
      fs.mkdirSync(folder, { recursive: true });
      const flat = path.join(dirs.home, 'Minutes.fodt');
      fs.writeFileSync(flat, FODT);
      execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dirs.home}/lo-profile`, '--convert-to', 'docx', '--outdir', folder, flat], { stdio: 'ignore' });
      execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dirs.home}/lo-profile`, '--convert-to', 'pdf', '--outdir', folder, flat], { stdio: 'ignore' });
      fs.writeFileSync(path.join(folder, 'Damaged.docx'), 'this is not a word document');
      app = await launchDemo(dirs, theme);
    });

    after(async () => {
      await app?.stop();
    });

    it('stores a Word document as a PDF when asked, and says why a damaged one failed', async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
      await browser.$('[data-source="local"]').click();
      await browser.$('[data-name="Documents"]').click();
      await browser.$('[data-name="Minutes.docx"]').click();
      await browser.$('[data-name="Damaged.docx"]').click();
      await browser.$('[data-action="upload-options"]').click();
      await browser.$('[data-view="upload-options"]').waitForDisplayed({ timeout: 5_000 });
      await browser.$('#documents-to-pdf').click();
      await screenshot(browser, `documents-to-pdf-option-${theme}`);
      await browser.$('[data-view="upload-options"]').$('button=Done').click();
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 120_000 });
      assert.equal(await textOf(browser, '[data-view="result"] h2'), '1 file stored');
      assert.match(await textOf(browser, '[data-filename="Minutes.pdf"]'), /application\/pdf/);
      assert.match(await textOf(browser, '[aria-label="Files not stored"]'), /Damaged\.docx[\s\S]*not a document of its kind/);
      await screenshot(browser, `documents-to-pdf-result-${theme}`);

      const pdf = path.join(dirs.data, 'Cloudpick', 'picked', 'Minutes.pdf');
      assert.match(execFileSync('pdfinfo', [pdf]).toString(), /^Pages:\s+2$/m);
      const text = execFileSync('pdftotext', [pdf, '-']).toString();
      assert.match(text, /Minutes of the meeting[\s\S]*Actions for next week/);
      assert.ok(fs.existsSync(path.join(dirs.home, 'Documents', 'Minutes.docx')), 'the original stays');
      await browser.$('button=Pick more').click();
    });

    it("shows a PDF's first page, and the editor makes a picture of a chosen page", async () => {
      const { browser } = app;
      await browser.$('[data-layout-button="grid"]').click();
      const drawn = await browser.$('img[data-thumbnail="Minutes.pdf"]');
      await drawn.waitForExist({ timeout: 20_000 });
      await browser.waitUntil(() => browser.execute(() => document.querySelector('img[data-thumbnail="Minutes.pdf"]').naturalWidth > 0), {
        timeout: 30_000,
        timeoutMsg: "the PDF's first page is drawn",
      });
      await screenshot(browser, `documents-pdf-grid-${theme}`);
      await browser.$('[data-layout-button="list"]').click();
      await browser.$('[data-name="Minutes.pdf"]').click();
      await browser.$('[data-action="show-selection"]').click();
      await browser.$('[data-selected="Minutes.pdf"] [data-action="edit-image"]').click();
      const page = await browser.$('[data-field="page"]');
      await page.waitForDisplayed({ timeout: 20_000 });
      const formats = await browser.execute(() => [...document.querySelectorAll('[data-field="format"] option')].map((o) => o.value));
      assert.deepEqual(formats, ['jpeg', 'png', 'webp'], 'a page becomes a picture: no "as the original"');
      await browser.execute(() => {
        const input = document.querySelector('[data-field="page"]');
        input.value = '2';
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await browser.waitUntil(() => browser.execute(() => /page=2/.test(document.querySelector('.stage img, [data-view="editor"] img')?.src ?? '')), {
        timeout: 10_000,
        timeoutMsg: 'the preview shows page 2',
      });
      await screenshot(browser, `documents-pdf-editor-${theme}`);
      await browser.$('[data-action="apply-edit"]').click();
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 60_000 });
      const picture = path.join(dirs.data, 'Cloudpick', 'picked', 'Minutes.png');
      assert.ok(fs.existsSync(picture), 'page 2 stored as Minutes.png');
      assert.equal(fs.readFileSync(picture).subarray(1, 4).toString(), 'PNG');
    });
  });
}

describe('documents on the command line', () => {
  const dirs = scratchHome('documents-cli');
  const env = (extra = {}) => ({ ...process.env, HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache, CLOUDPICK_DEMO_S3: 'off', ...extra });
  const cloudpick = (args, extra) => spawnSync(appBinary, args, { env: env(extra), encoding: 'utf8', timeout: 120_000 });

  before(() => {
    const flat = path.join(dirs.home, 'Plan.fodt');
    fs.writeFileSync(flat, FODT);
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dirs.home}/lo-profile`, '--convert-to', 'docx', '--outdir', dirs.home, flat], { stdio: 'ignore' });
    fs.writeFileSync(path.join(dirs.home, 'dot.png'), png(40, 30));
  });

  it('says what to install when LibreOffice is missing, and images still convert', () => {
    const missing = cloudpick(['convert', path.join(dirs.home, 'Plan.docx'), '-o', path.join(dirs.home, 'Plan.pdf')], { CLOUDPICK_SOFFICE: '/nowhere/soffice' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Converting documents needs LibreOffice, which is not installed: on Debian or Ubuntu, sudo apt install libreoffice-writer-nogui/);
    assert.equal(fs.existsSync(path.join(dirs.home, 'Plan.pdf')), false);
    const image = cloudpick(['convert', path.join(dirs.home, 'dot.png'), '--width', '20', '-o', path.join(dirs.home, 'small.webp')], { CLOUDPICK_SOFFICE: '/nowhere/soffice' });
    assert.equal(image.status, 0, image.stderr);
  });

  it('converts a document with LibreOffice there, and waits for its webhook before exiting', () => {
    // A receiver that is not there: the event stays in the outbox for the app, and the command says so.
    fs.mkdirSync(path.join(dirs.config, 'Cloudpick'), { recursive: true });
    fs.writeFileSync(path.join(dirs.config, 'Cloudpick', 'config.toml'), '[[webhooks]]\nurl = "http://127.0.0.1:9/hooks"\nevents = ["all"]\n');
    const done = cloudpick(['convert', path.join(dirs.home, 'Plan.docx'), '-o', path.join(dirs.home, 'Plan.pdf')]);
    assert.equal(done.status, 0, done.stderr);
    assert.match(execFileSync('pdftotext', [path.join(dirs.home, 'Plan.pdf'), '-']).toString(), /Minutes of the meeting/);
    assert.match(done.stderr, /1 webhook event could not be sent yet: Cloudpick sends it when it next runs/);
  });
});

// Office documents in the window, in both themes: a .docx on This computer
// (made by LibreOffice from flat ODF, so nothing here wrote it) picked with
// "Convert documents to PDF" lands as a PDF whose pages and text poppler
// reads back; a damaged one fails alone, with the reason.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchDemo, scratchHome, screenshot, textOf } from '../harness.mjs';

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
    });
  });
}

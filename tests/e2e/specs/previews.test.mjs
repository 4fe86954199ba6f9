// Every file people pick, in the real window and both themes (#24): HEIC
// photos (made by libheif's heif-enc, one turned upright by its irot) and a
// PDF, a Word document (made by LibreOffice) and a WebM video (made by
// ffmpeg) show pictures in the grid, the video its length; Quick Look shows
// the PDF and the document page by page and plays the video from the
// engine's loopback stream; the editor shows the turned HEIC upright.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, scratchHome, screenshot, textOf, until } from '../harness.mjs';

/** A PDF of `pages` A4 pages, each saying its number in large type. */
function pdf(pages) {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', null];
  const kids = [];
  const font = 3 + pages * 2;
  for (let i = 0; i < pages; i++) {
    const page = objects.length + 1;
    kids.push(`${page} 0 R`);
    const text = `BT /F1 72 Tf 90 640 Td (Page ${i + 1}) Tj ET 0 0.4 0.8 rg 90 200 400 300 re f`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${page + 1} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`);
    objects.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A two-page Word document, made by LibreOffice from flat ODF, in `dir`. */
function docx(work, dir, name) {
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"';
  const fodt = `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${ns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:style style:name="Big" style:family="paragraph"><style:text-properties fo:font-size="40pt" fo:font-weight="bold" fo:color="#1f5fa8"/></style:style>
  <style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p text:style-name="Big">Holiday budget</text:p>
  <text:p>Flights, the harbour hotel and the market days.</text:p>
  <text:p text:style-name="Break">Second page: receipts</text:p>
 </office:text></office:body>
</office:document>`;
  const flat = path.join(work, `${name}.fodt`);
  fs.writeFileSync(flat, fodt);
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${work}/lo-profile`, '--convert-to', 'docx', '--outdir', dir, flat], { stdio: 'ignore' });
  assert.ok(fs.existsSync(path.join(dir, `${name}.docx`)), 'LibreOffice made the document');
}

/** A photo-like PNG by libvips: smooth noise tinted with `rgb`. */
function photo(dir, name, width, height, seed, rgb) {
  const v = (s) => path.join(dir, `${name}-${s}.v`);
  execFileSync('vips', ['perlin', v('p'), String(width), String(height), '--cell-size', '90', '--seed', String(seed)]);
  execFileSync('vips', ['bandjoin', `${v('p')} ${v('p')} ${v('p')}`, v('b')]);
  execFileSync('vips', ['linear', v('b'), v('l'), rgb.map((c) => String(c / 2)).join(' '), rgb.join(' ')]);
  const out = path.join(dir, `${name}.png`);
  execFileSync('vips', ['cast', v('l'), `${out}`, 'uchar']);
  for (const s of ['p', 'b', 'l']) fs.rmSync(v(s));
  return out;
}

/** `png` as HEIC by heif-enc; with `irot`, marked to turn that many quarter turns anticlockwise. */
function heic(png, out, irot) {
  execFileSync('heif-enc', ['-q', '60', '-o', out, png], { stdio: 'ignore' });
  if (irot) {
    const bytes = fs.readFileSync(out);
    const at = bytes.indexOf('pixi') - 4;
    assert.equal(bytes.readUInt32BE(at), 16, 'heif-enc wrote a 16-byte pixi box');
    bytes.write('irot', at + 4, 'latin1');
    bytes.fill(0, at + 8, at + 16);
    bytes[at + 8] = irot;
    fs.writeFileSync(out, bytes);
  }
}

for (const theme of ['light', 'dark']) {
  describe(`HEIC, PDF and video in the grid and Quick Look (${theme})`, () => {
    const dirs = scratchHome(`previews-${theme}`);
    const folder = path.join(dirs.home, 'Holiday');
    const photos = ['Beach', 'Harbour', 'Market', 'Sunset', 'Garden'];
    let app;

    before(async () => {
      fs.mkdirSync(folder);
      const work = fs.mkdtempSync(path.join(dirs.home, 'work-'));
      const tints = [[40, 120, 200], [200, 90, 40], [60, 170, 80], [220, 120, 160], [120, 80, 200]];
      photos.forEach((name, i) => {
        const png = photo(work, name, 800, 600, i + 1, tints[i]);
        heic(png, path.join(folder, `IMG_${1001 + i} ${name}.HEIC`), 0);
      });
      // Stored sideways with irot 3 (a quarter turn clockwise): upright it is portrait.
      heic(photo(work, 'Tower', 800, 600, 9, [90, 140, 190]), path.join(folder, 'IMG_1010 Tower.HEIC'), 3);
      fs.writeFileSync(path.join(folder, 'Itinerary.pdf'), pdf(3));
      docx(work, folder, 'Budget');
      execFileSync('ffmpeg', [
        '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=6',
        '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '400k', path.join(folder, 'Waves.webm'),
      ]);
      fs.rmSync(work, { recursive: true });
      app = await launch(dirs, theme === 'dark' ? { GTK_THEME: 'Adwaita:dark' } : {});
    });

    after(async () => {
      await app?.stop();
    });

    /** The loaded picture's natural size in the cell (or dialog element) `selector`, or null. */
    const natural = (selector) =>
      app.browser.execute((sel) => {
        const img = document.querySelector(sel);
        return img && img.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.naturalHeight] : null;
      }, selector);

    it("shows the HEIC photos, the PDF's and the document's first page and a frame of the video with its length", async () => {
      const { browser } = app;
      await browser.$('[data-source="local"]').click();
      await browser.$('[data-name="Holiday"]').click();
      await browser.$('[data-name="Itinerary.pdf"]').waitForDisplayed({ timeout: 10_000 });
      await browser.$('[data-layout-button="grid"]').click();
      const cell = (name) => `[data-layout="grid"] [data-name="${name}"] img`;
      for (const name of [...photos.map((p, i) => `IMG_${1001 + i} ${p}.HEIC`), 'IMG_1010 Tower.HEIC', 'Itinerary.pdf', 'Budget.docx', 'Waves.webm']) {
        await until(async () => (await natural(cell(name))) !== null, `the picture of ${name}`, 60_000);
      }
      const [w, h] = await natural(cell('IMG_1001 Beach.HEIC'));
      assert.ok(w > h, `a landscape photo: ${w} × ${h}`);
      const [tw, th] = await natural(cell('IMG_1010 Tower.HEIC'));
      assert.ok(th > tw, `turned upright by its irot: ${tw} × ${th}`);
      const [pw, ph] = await natural(cell('Itinerary.pdf'));
      assert.ok(ph > pw, `an A4 page: ${pw} × ${ph}`);
      const [dw, dh] = await natural(cell('Budget.docx'));
      assert.ok(dh > dw, `the document's first page, drawn through LibreOffice: ${dw} × ${dh}`);
      await until(
        async () => (await textOf(browser, '[data-layout="grid"] [data-name="Waves.webm"] [data-field="length"]')) === '0:06',
        "the video's length",
        30_000,
      );
      await screenshot(browser, `grid-heic-pdf-video-${theme}`);
    });

    it('pages through the PDF in Quick Look', async () => {
      const { browser } = app;
      await browser.$('[data-layout="grid"] [data-name="Itinerary.pdf"]').click();
      await browser.keys('p');
      await browser.$('[data-view="quicklook"]').waitForDisplayed({ timeout: 10_000 });
      await until(async () => (await natural('[data-view="quicklook"] [data-field="page"]')) !== null, 'page 1', 30_000);
      assert.equal(await textOf(browser, '[data-field="page-number"]'), 'Page 1 of 3');
      const [, first] = await natural('[data-view="quicklook"] [data-field="page"]');
      assert.ok(first >= 1000, `drawn at screen size: ${first} high`);
      await browser.keys('PageDown');
      await until(async () => (await textOf(browser, '[data-field="page-number"]')) === 'Page 2 of 3', 'page 2');
      await until(
        () => browser.execute(() => {
          const img = document.querySelector('[data-view="quicklook"] [data-field="page"]');
          return img.src.includes('page=2') && img.complete && img.naturalWidth > 0;
        }),
        'page 2 drawn',
        30_000,
      );
      await screenshot(browser, `quicklook-pdf-${theme}`);
      await browser.keys('Escape');
      await until(async () => !(await browser.$('[data-view="quicklook"]').isExisting()), 'Quick Look to close');
    });

    it("pages through the Word document in Quick Look, from LibreOffice's PDF", async () => {
      const { browser } = app;
      await browser.$('[data-layout="grid"] [data-name="Budget.docx"]').click();
      await browser.keys('p');
      await until(async () => (await textOf(browser, '[data-field="page-number"]')) === 'Page 1 of 2', 'page 1 of 2', 30_000);
      await browser.keys('PageDown');
      await until(
        () => browser.execute(() => {
          const img = document.querySelector('[data-view="quicklook"] [data-field="page"]');
          return img && img.src.includes('page=2') && img.complete && img.naturalWidth > 0;
        }),
        'page 2 of the document drawn',
        30_000,
      );
      assert.equal(await textOf(browser, '[data-field="page-number"]'), 'Page 2 of 2');
      await browser.keys('Escape');
      await until(async () => !(await browser.$('[data-view="quicklook"]').isExisting()), 'Quick Look to close');
    });

    it("plays the video from the engine's loopback stream and moves to the photos with the arrows", async () => {
      const { browser } = app;
      await browser.$('[data-layout="grid"] [data-name="Waves.webm"]').click();
      await browser.keys('p');
      await browser.$('[data-view="quicklook"] video').waitForExist({ timeout: 10_000 });
      await until(
        () => browser.execute(() => {
          const video = document.querySelector('[data-view="quicklook"] video');
          return video.readyState >= 2 && video.videoWidth === 320 && video.currentTime > 0.5;
        }),
        'the video to play',
        30_000,
      ).catch(async (e) => {
        console.log('the player, when it did not play:', await browser.execute(() => {
          const v = document.querySelector('[data-view="quicklook"] video');
          return JSON.stringify({ src: v.src, cur: v.currentSrc, rs: v.readyState, ns: v.networkState, err: v.error && [v.error.code, v.error.message], w: v.videoWidth, t: v.currentTime, paused: v.paused });
        }));
        throw e;
      });
      assert.match(await browser.execute(() => document.querySelector('[data-view="quicklook"] video').currentSrc), /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}$/);
      await screenshot(browser, `quicklook-video-${theme}`);
      // The files around it, in the grid's order: Itinerary.pdf before it.
      await browser.keys('ArrowLeft');
      await until(async () => (await textOf(browser, '[data-view="quicklook"] [data-field="name"]')) === 'Itinerary.pdf', 'the PDF');
      await browser.keys('ArrowLeft');
      await until(async () => (await natural('[data-view="quicklook"] [data-field="picture"]')) !== null, 'a HEIC photo at screen size', 30_000);
      // IMG_1010 Tower.HEIC: upright, portrait, whole (never enlarged).
      assert.deepEqual(await natural('[data-view="quicklook"] [data-field="picture"]'), [600, 800]);
      await screenshot(browser, `quicklook-heic-${theme}`);
      await browser.keys('Escape');
    });

    it('opens the turned HEIC in the editor, upright, and says the size it will make', async () => {
      const { browser } = app;
      await until(async () => !(await browser.$('[data-view="quicklook"]').isExisting()), 'Quick Look to close');
      await browser.$('[data-layout="grid"] [data-name="IMG_1010 Tower.HEIC"]').click();
      await browser.$('[data-action="show-selection"]').click();
      await browser.$('[data-selected="IMG_1010 Tower.HEIC"] [data-action="edit-image"]').click();
      await browser.$('[data-view="editor"] [data-field="crop-box"]').waitForDisplayed({ timeout: 30_000 });
      await until(async () => (await natural('[data-view="editor"] img')) !== null, 'the picture in the editor', 30_000);
      const [ew, eh] = await natural('[data-view="editor"] img');
      assert.ok(eh > ew, `upright in the editor: ${ew} × ${eh}`);
      await until(async () => (await textOf(browser, '[data-field="output-size"]')) === '600 × 800 px', 'the size the edit makes');
      await screenshot(browser, `editor-heic-${theme}`);
      await browser.keys('Escape');
      await until(async () => !(await browser.$('[data-view="editor"]').isExisting()), 'the editor to close');
    });
  });
}

// Image bombs in the grid (#23): fifty files of about a megabyte each that are
// 11000 × 11000 pixels (interlaced RGBA PNGs, which decode whole, and RLE
// BMPs), in a folder shown as a grid in the real window. Each shows its icon,
// and the app's peak memory stays under 300 MiB.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { appPid, launch, peakRssMiB, pngChunk, scratchHome, screenshot, until } from '../harness.mjs';

const SIDE = 11_000;

/** A valid Adam7-interlaced RGBA PNG of side × side transparent pixels. */
function interlacedPng(side) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 6, 0, 0, 1], 8); // 8-bit RGBA, interlaced
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  let raw = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const width = Math.ceil((side - x0) / dx);
    const height = Math.ceil((side - y0) / dy);
    raw += height * (1 + width * 4); // each row: filter "none", then its pixels
  }
  // Every byte is zero: the filter bytes and the pixels alike.
  const deflate = zlib.createDeflate({ level: 9 });
  const parts = [];
  deflate.on('data', (part) => parts.push(part));
  const zeros = Buffer.alloc(1 << 20);
  for (let left = raw; left > 0; left -= zeros.length) deflate.write(zeros.subarray(0, Math.min(left, zeros.length)));
  return new Promise((done) =>
    deflate.end(() =>
      done(
        Buffer.concat([
          Buffer.from('89504e470d0a1a0a', 'hex'),
          pngChunk('IHDR', header),
          pngChunk('IDAT', Buffer.concat(parts)),
          pngChunk('IEND', Buffer.alloc(0)),
        ]),
      ),
    ),
  );
}

/** A valid 8-bit RLE BMP of side × side pixels of one colour. */
function rleBmp(side) {
  const row = [];
  for (let left = side; left > 0; left -= 255) row.push(Math.min(left, 255), 1);
  row.push(0, 0); // end of line
  const lines = [];
  for (let y = 0; y < side; y++) lines.push(...row);
  lines.push(0, 1); // end of bitmap
  const data = Buffer.from(lines);
  const palette = Buffer.alloc(256 * 4);
  palette.set([0x40, 0x80, 0xc0, 0], 4); // colour 1: an orange
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(side, 4);
  info.writeInt32LE(side, 8);
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(8, 14);
  info.writeUInt32LE(1, 16); // BI_RLE8
  info.writeUInt32LE(data.length, 20);
  info.writeUInt32LE(256, 32);
  const offset = 14 + 40 + palette.length;
  const file = Buffer.alloc(14);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(offset + data.length, 2);
  file.writeUInt32LE(offset, 10);
  return Buffer.concat([file, info, palette, data]);
}

describe('a folder of image bombs in the grid', () => {
  const dirs = scratchHome('bombs');
  const folder = path.join(dirs.home, 'Bombs');
  const names = [];
  let app;

  before(async () => {
    fs.mkdirSync(folder);
    const pngBomb = await interlacedPng(SIDE);
    const bmpBomb = rleBmp(SIDE);
    for (let i = 1; i <= 25; i++) {
      const number = String(i).padStart(2, '0');
      fs.writeFileSync(path.join(folder, `poster-${number}.png`), pngBomb);
      fs.writeFileSync(path.join(folder, `scan-${number}.bmp`), bmpBomb);
      names.push(`poster-${number}.png`, `scan-${number}.bmp`);
    }
    assert.ok(pngBomb.length < 2_000_000 && bmpBomb.length < 2_000_000, 'small files on disk');
    app = await launch(dirs);
  });

  after(async () => {
    await app?.stop();
  });

  it('shows every file with its icon, and the app stays under 300 MiB', async () => {
    const { browser } = app;
    await browser.$('[data-source="local"]').click();
    await browser.$('[data-name="Bombs"]').click();
    await browser.$('[data-name="poster-01.png"]').waitForDisplayed({ timeout: 10_000 });
    await browser.$('[data-layout-button="grid"]').click();
    const iconed = new Set();
    // Scroll through the grid a screen at a time: each cell shown must end
    // with its icon (its thumbnail failed), not a picture.
    for (let step = 0; step < 40 && iconed.size < names.length; step++) {
      await until(
        () =>
          browser.execute(() => {
            const cells = [...document.querySelectorAll('[data-layout="grid"] [role="option"]')];
            return cells.length > 0 && cells.every((cell) => cell.querySelector('.picture .file-icon') && !cell.querySelector('img'));
          }),
        'every shown cell to show its icon',
        60_000,
      );
      const shown = await browser.execute(() =>
        [...document.querySelectorAll('[data-layout="grid"] [role="option"]')].map((cell) => cell.dataset.name),
      );
      for (const name of shown) iconed.add(name);
      if (step === 0) await screenshot(browser, 'grid-image-bombs');
      await browser.execute(() => {
        const grid = document.querySelector('[data-layout="grid"]');
        grid.scrollTop += grid.clientHeight;
      });
    }
    assert.deepEqual([...iconed].sort(), [...names].sort());
    const pid = appPid(app.group);
    assert.ok(pid, 'the app process is found');
    const peak = peakRssMiB(pid);
    console.log(`peak RSS of the app with 50 image bombs: ${peak.toFixed(0)} MiB`);
    assert.ok(peak < 300, `the app's peak memory is ${peak.toFixed(0)} MiB`);
  });
});

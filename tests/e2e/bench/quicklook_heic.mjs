// `make bench`: Quick Look on a 24-megapixel HEIC (6000 × 4000, photo-like,
// made by libvips), in the real window: the time from the P key to the
// picture on screen, the first time (nothing cached), beside vipsthumbnail
// making the same size of the same file in the same run. Twice, on two
// copies: straight after the app has started (its window still busy with
// its start), and once the app and its web process are idle.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launch, scratchHome, until } from '../harness.mjs';

/** CPU time, in clock ticks, of every process in the group `launch()` started (the app and its web process). */
function groupTicks(group) {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      // After the name: state ppid pgrp … utime (12th) stime (13th).
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return ticks;
}

const dirs = scratchHome('bench-quicklook');
const folder = path.join(dirs.home, 'Photos');
fs.mkdirSync(folder);
const work = fs.mkdtempSync(path.join(dirs.home, 'work-'));
const v = (name) => path.join(work, `${name}.v`);
execFileSync('vips', ['perlin', v('p'), '6000', '4000', '--cell-size', '120']);
execFileSync('vips', ['bandjoin', `${v('p')} ${v('p')} ${v('p')}`, v('b')]);
execFileSync('vips', ['linear', v('b'), v('l'), '0.4 0.3 0.2', '60 90 120']);
execFileSync('vips', ['cast', v('l'), v('c'), 'uchar']);
const heic = path.join(folder, 'IMG_2400.HEIC');
execFileSync('vips', ['heifsave', v('c'), heic, '--Q', '80', '--compression', 'hevc']);
fs.copyFileSync(heic, path.join(folder, 'IMG_2401.HEIC'));
fs.rmSync(work, { recursive: true });

const app = await launch(dirs);
const { browser } = app;
try {
  await browser.$('[data-source="local"]').click();
  await browser.$('[data-name="Photos"]').click();
  /** Quick Look on `name`: milliseconds from P to the picture on screen, and its side. */
  const firstPreview = async (name) => {
    await browser.$(`[data-name="${name}"]`).click();
    await browser.execute(() => {
      window.benchStart = performance.now();
    });
    await browser.keys('p');
    const shown = await browser.executeAsync((done) => {
      const check = () => {
        const img = document.querySelector('[data-view="quicklook"] [data-field="picture"]');
        if (img && img.complete && img.naturalWidth > 0) {
          requestAnimationFrame(() => done({ ms: performance.now() - window.benchStart, side: Math.max(img.naturalWidth, img.naturalHeight) }));
        } else if (performance.now() - window.benchStart > 60_000) {
          done({ ms: -1, side: 0 });
        } else {
          requestAnimationFrame(check);
        }
      };
      check();
    });
    await browser.keys('Escape');
    await until(async () => !(await browser.$('[data-view="quicklook"]').isExisting()), 'Quick Look to close');
    return shown;
  };
  const started = await firstPreview('IMG_2400.HEIC');
  // Idle: under 5 ticks (50 ms of CPU) between two polls 100 ms apart, three times running.
  let last = groupTicks(app.group);
  let quiet = 0;
  await until(
    () => {
      const now = groupTicks(app.group);
      quiet = now - last < 5 ? quiet + 1 : 0;
      last = now;
      return quiet >= 3;
    },
    'the app to be idle',
    60_000,
  );
  const settled = await firstPreview('IMG_2401.HEIC');
  const out = path.join(dirs.home, 'vips.jpg');
  const vipsStarted = process.hrtime.bigint();
  execFileSync('vipsthumbnail', [heic, '--size', String(settled.side), '-o', `${out}[Q=90]`]);
  const vips = Number(process.hrtime.bigint() - vipsStarted) / 1e6;
  for (const [when, shown] of [['just after the app started', started], ['once the app is idle', settled]]) {
    const time = shown.ms > 0 ? `${shown.ms.toFixed(0)} ms` : 'NOT SHOWN within 60 s';
    console.log(
      `Quick Look, 24 MP HEIC, first preview ${when} (${shown.side} px): ${time} from P to the picture on screen; vipsthumbnail to ${settled.side} px: ${vips.toFixed(0)} ms (${(shown.ms / vips).toFixed(2)}×)`,
    );
  }
} finally {
  await app.stop();
}

// A 2 GB cloud file through the desktop's file dialog (#25): zenity asks
// through Debian's xdg-desktop-portal, the window shows the download's
// progress, an application that goes away mid-download stops it and leaves
// nothing behind, and a whole download hands zenity a file with the drive's
// bytes while the app's memory does not grow with the file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { appPid, freePort, launchDemo, peakRssMiB, pseudoRandomBytes, scratchHome, screenshot, textOf, until } from '../harness.mjs';
import { BACKEND, endZenity, hasOwner, startPortal, within, zenity } from '../portal.mjs';

const GiB = 1024 ** 3;
const SIZE = 2 * GiB;
const NAME = 'Laptop backup.img';

/** The SHA-256 of a file, read in pieces: it is larger than a Buffer may be. */
function hashOf(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file, { highWaterMark: 8 << 20 })
      .on('data', (piece) => hash.update(piece))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/**
 * A demo seed of one folder, Backups, holding a 2 GiB file: sparse, with
 * distinct bytes at its start, across its middle and at its end, so a piece
 * written in the wrong place changes its hash. The demo drives serve it.
 */
function seedWithLargeFile(cache) {
  const seed = path.join(cache, 'cloudpick', 'demo-seed-v1');
  fs.mkdirSync(path.join(seed, 'Backups'), { recursive: true });
  const file = path.join(seed, 'Backups', NAME);
  const fd = fs.openSync(file, 'w');
  try {
    for (const [i, at] of [0, GiB - (1 << 19), SIZE - (1 << 20)].entries()) {
      fs.writeSync(fd, pseudoRandomBytes(1 << 20, i + 7), 0, 1 << 20, at);
    }
    fs.ftruncateSync(fd, SIZE);
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(path.join(seed, '.complete'), '');
  return file;
}

describe("a 2 GB cloud file through the desktop's file dialog", () => {
  const dirs = scratchHome('file-dialog-large');
  const opened = path.join(dirs.cache, 'cloudpick', 'opened');
  let source;
  let app;
  let portal;
  /** The app's peak memory before the first download. */
  let peakBefore;

  before(async () => {
    source = seedWithLargeFile(dirs.cache);
    const port = await freePort();
    app = await launchDemo(dirs, 'light', { XDG_CACHE_HOME: dirs.cache, CLOUDPICK_DEMO_ADDR: `127.0.0.1:${port}` });
    await app.browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
    await until(() => hasOwner(BACKEND), 'Cloudpick to serve the FileChooser');
    portal = await startPortal();
  });

  after(async () => {
    endZenity();
    await portal?.stop();
    await app?.stop();
  });

  /** Asks for a file through zenity and chooses the large one on Dropbox. */
  const chooseLarge = async () => {
    const asking = zenity(['--file-selection', '--title=Restore a backup']);
    await app.browser.$('[data-view="portal"]').waitForDisplayed({ timeout: 30_000 });
    await until(async () => /wants to open a file/.test(await textOf(app.browser, '[data-testid="portal-asking"]')), 'the request on screen');
    await app.browser.$('[data-provider="dropbox"]').click();
    await app.browser.$('[data-name="Backups"]').waitForDisplayed({ timeout: 20_000 });
    await app.browser.$('[data-name="Backups"]').click();
    await app.browser.$(`[data-name="${NAME}"]`).waitForDisplayed({ timeout: 60_000 });
    await app.browser.$(`[data-name="${NAME}"]`).click();
    return asking;
  };

  /** The progress line once it shows bytes of the whole 2.1 GB. */
  const progressShown = async () => {
    let shown = '';
    await until(async () => {
      shown = await textOf(app.browser, '[data-field="overall"]');
      return / [1-9][\d.]* (KB|MB|GB) of 2\.1 GB/.test(shown);
    }, 'bytes of 2.1 GB shown').catch(async (err) => {
      await screenshot(app.browser, 'portal-large-no-progress');
      throw new Error(`${err.message}: ${await textOf(app.browser, '[data-view="upload"]')}`);
    });
    return shown;
  };

  it('shows the download, and an application that goes away stops it and leaves nothing', async () => {
    const asking = await chooseLarge();
    peakBefore = peakRssMiB(appPid(app.group));
    await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
    await app.browser.$('[data-view="upload"]').waitForDisplayed({ timeout: 10_000 });
    assert.match(await textOf(app.browser, '[data-view="upload"] h2'), /Getting 1 file ready for the application/);
    const first = await progressShown();
    await until(async () => (await textOf(app.browser, '[data-field="overall"]')) !== first, `the bytes to grow past "${first}"`);
    await screenshot(app.browser, 'portal-large-progress');
    // zenity is gone: the portal closes the request, and the download stops.
    asking.child.kill('SIGKILL');
    await app.browser.$('[data-view="portal"]').waitForDisplayed({ reverse: true, timeout: 20_000 });
    await until(() => fs.existsSync(opened) && fs.readdirSync(opened).length === 0, 'the request folder, with the part that came down, removed');
  });

  it('hands zenity the whole file with the drive bytes, in memory that does not grow with it', async () => {
    const asking = await chooseLarge();
    await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
    await progressShown();
    const { code, stdout } = await within(asking.done, 'zenity to have the file', 600_000);
    assert.equal(code, 0, 'zenity took the file');
    assert.ok(stdout.startsWith(`${opened}/request-`), `a path in the request's own folder: ${stdout}`);
    assert.equal(path.basename(stdout), NAME);
    assert.equal(fs.statSync(stdout).size, SIZE);
    assert.equal(await hashOf(stdout), await hashOf(source), "the drive's bytes");
    const peakAfter = peakRssMiB(appPid(app.group));
    const grown = peakAfter - peakBefore;
    console.log(`the app's peak memory: ${peakBefore.toFixed(0)} MiB before the downloads, ${peakAfter.toFixed(0)} MiB after`);
    assert.ok(grown < 64, `the app's peak memory grew by ${grown.toFixed(0)} MiB over two 2 GiB downloads`);
  });
});

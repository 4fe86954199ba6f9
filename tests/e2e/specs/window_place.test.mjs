// The window opens with the size and place it was left with, kept in the
// data folder, and comes back on screen when that place is off every screen.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { launch, scratchHome, until } from '../harness.mjs';

/** Whether an app still answers on the instance socket of `dirs`. */
function running(dirs) {
  return new Promise((resolve) => {
    const conn = net.connect(path.join(dirs.data, 'Cloudpick', 'instance.sock'), () => {
      conn.destroy();
      resolve(true);
    });
    conn.on('error', () => resolve(false));
  });
}

describe('the window remembers its size and place', () => {
  const dirs = scratchHome('window-place');
  const kept = path.join(dirs.data, 'Cloudpick', 'window.json');

  it('opens where it was left', async () => {
    let app = await launch(dirs);
    await app.browser.$('[data-source="local"]').waitForDisplayed({ timeout: 20_000 });
    await app.browser.setWindowRect(140, 90, 900, 620);
    await until(() => fs.existsSync(kept) && JSON.parse(fs.readFileSync(kept, 'utf8')).width === 900, 'the place written');
    assert.deepEqual(JSON.parse(fs.readFileSync(kept, 'utf8')), { x: 140, y: 90, width: 900, height: 620, maximized: false });
    await app.stop();
    // A start while the last one is still ending would only bring that one up.
    await until(async () => !(await running(dirs)), 'the first run to end');

    app = await launch(dirs);
    await app.browser.$('[data-source="local"]').waitForDisplayed({ timeout: 20_000 });
    const rect = await app.browser.getWindowRect();
    await app.stop();
    assert.deepEqual([rect.x, rect.y, rect.width, rect.height], [140, 90, 900, 620]);
  });

  it('comes back on screen when its place is off every screen', async () => {
    const fresh = scratchHome('window-lost');
    fs.mkdirSync(path.join(fresh.data, 'Cloudpick'), { recursive: true });
    fs.writeFileSync(path.join(fresh.data, 'Cloudpick', 'window.json'), JSON.stringify({ x: 6000, y: 4000, width: 880, height: 600, maximized: false }));
    const app = await launch(fresh);
    await app.browser.$('[data-source="local"]').waitForDisplayed({ timeout: 20_000 });
    const rect = await app.browser.getWindowRect();
    await app.stop();
    assert.deepEqual([rect.width, rect.height], [880, 600], 'the size is kept');
    // Xvfb's screen is 1280 × 800: centred there.
    assert.ok(rect.x >= 0 && rect.x + rect.width <= 1280 && rect.y >= 0 && rect.y + rect.height <= 800, JSON.stringify(rect));
  });
});

// The image editor as a user meets it: eight handles on the crop box, a
// preset box that stays centred and keeps its shape through a turn, a
// dialog that keeps its size, labels on one line, and no tooltip left over
// it. In both themes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, png, scratchHome, screenshot, textOf } from '../harness.mjs';

/** A box's rectangle on screen. */
const rect = (browser, selector) =>
  browser.execute((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, cx: r.x + r.width / 2, cy: r.y + r.height / 2 };
  }, selector);

const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 2, `${what}: ${a} and ${b}`);

for (const theme of ['light', 'dark']) {
  describe(`the image editor (${theme})`, () => {
    const dirs = scratchHome(`editor-${theme}`);
    let app;

    before(async () => {
      fs.writeFileSync(path.join(dirs.home, 'meadow.png'), png(1600, 1200));
      app = await launch(dirs, theme === 'dark' ? { GTK_THEME: 'Adwaita:dark' } : {});
    });

    after(async () => {
      await app?.stop();
    });

    it('opens with no tooltip over it, eight handles, and one size through turns', async () => {
      const { browser } = app;
      await browser.$('[data-name="meadow.png"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-name="meadow.png"]').click();
      await browser.$('[data-action="show-selection"]').click();
      const opener = await browser.$('[data-selected="meadow.png"] [data-action="edit-image"]');
      // Rest on the button, as a user does before clicking it: its tip shows…
      await opener.moveTo();
      await browser.waitUntil(
        () =>
          browser.execute(() => {
            const after = getComputedStyle(document.querySelector('[data-action="edit-image"]'), '::after');
            return after.display !== 'none' && after.content.includes('crop, turn, resize');
          }),
        { timeout: 5_000, timeoutMsg: 'the tip on hover' },
      );
      assert.equal(await browser.execute(() => document.querySelector('[data-action="edit-image"]').hasAttribute('title')), false, 'no system tooltip, which would stay over the dialog');
      await opener.click();
      await browser.$('[data-view="editor"] [data-field="crop-box"]').waitForDisplayed({ timeout: 20_000 });
      // …and is gone once the dialog is up, the pointer still where it was.
      const tip = await browser.execute(() => {
        const after = getComputedStyle(document.querySelector('[data-action="edit-image"]'), '::after');
        return after.content === 'none' || after.display === 'none';
      });
      assert.equal(tip, true, 'no tip over the dialog');

      assert.equal(await browser.$$('[data-view="editor"] [data-handle]').length, 8);
      const dialog = await rect(browser, '[data-view="editor"]');
      await browser.$('[data-preset="16:9"]').click();
      const stage = await rect(browser, '.stage');
      const before = await rect(browser, '[data-field="crop-box"]');
      near(before.cx, stage.cx, 'the 16:9 box centred across');
      near(before.cy, stage.cy, 'and down');
      assert.ok(before.width > before.height, 'wide');

      await browser.$('[data-action="rotate-right"]').click();
      await browser.waitUntil(async () => (await textOf(browser, '[data-field="output-size"]')).match(/^(\d+) × (\d+) px$/)?.slice(1).map(Number).reduce((w, h) => w > h), {
        timeout: 5_000,
        timeoutMsg: 'the turned picture is still 16:9',
      });
      const [w, h] = (await textOf(browser, '[data-field="output-size"]')).match(/(\d+) × (\d+)/).slice(1).map(Number);
      assert.ok(Math.abs(w / h - 16 / 9) < 0.01, `${w} × ${h}`);
      // The box turned with the picture, its middle where it was.
      await browser.waitUntil(async () => Math.abs((await rect(browser, '[data-field="crop-box"]')).cx - stage.cx) <= 2, { timeout: 5_000, timeoutMsg: 'the box centred after the turn' });
      const after = await rect(browser, '[data-field="crop-box"]');
      near(after.cy, stage.cy, 'centred down after the turn');
      await browser.$('[data-field="format"]').selectByAttribute('value', 'jpeg');
      await browser.execute(() => {
        const input = document.querySelector('[data-field="angle"]');
        input.value = '-12';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      const still = await rect(browser, '[data-view="editor"]');
      assert.deepEqual([still.width, still.height], [dialog.width, dialog.height], 'the dialog keeps its size');

      // Labels stay on one line.
      const lines = await browser.execute(() =>
        ['[data-field="output-size"]', '.row span'].map((sel) => {
          const el = document.querySelector(sel);
          return { text: el.textContent.trim(), oneLine: el.getBoundingClientRect().height < 24 };
        }),
      );
      assert.deepEqual(lines.map((l) => l.oneLine), [true, true], JSON.stringify(lines));
      await screenshot(browser, `editor-handles-${theme}`);

      // Back to the whole picture, upright: the top handle pulls the top edge down, and only that.
      await browser.$('[data-action="reset-edit"]').click();
      await browser.waitUntil(async () => (await textOf(browser, '[data-field="output-size"]')) === '1600 × 1200 px', { timeout: 5_000, timeoutMsg: 'reset' });
      // The picture turns back with a short transition: measure once it is upright.
      await browser.waitUntil(() => browser.execute(() => ['none', 'matrix(1, 0, 0, 1, 0, 0)'].includes(getComputedStyle(document.querySelector('.stage')).transform)), {
        timeout: 5_000,
        timeoutMsg: 'the picture upright',
      });
      const box = await rect(browser, '[data-field="crop-box"]');
      // The drag as the handle hears it: pointer down, moves, up (WebKitWebDriver's
      // pointer actions do not make pointer events).
      await browser.execute(() => {
        const handle = document.querySelector('[data-handle="n"]');
        const r = handle.getBoundingClientRect();
        const at = (y) => ({ bubbles: true, pointerId: 7, clientX: r.x + r.width / 2, clientY: y, button: 0 });
        handle.dispatchEvent(new PointerEvent('pointerdown', at(r.y)));
        for (const dy of [20, 40, 60]) handle.dispatchEvent(new PointerEvent('pointermove', at(r.y + dy)));
        handle.dispatchEvent(new PointerEvent('pointerup', at(r.y + 60)));
      });
      await browser.waitUntil(async () => (await textOf(browser, '[data-field="output-size"]')) !== '1600 × 1200 px', { timeout: 5_000, timeoutMsg: 'the drag took' });
      const [cw, ch] = (await textOf(browser, '[data-field="output-size"]')).match(/(\d+) × (\d+)/).slice(1).map(Number);
      assert.equal(cw, 1600, 'the width stays');
      assert.ok(ch < 1200 && ch > 900, `the height shrinks by the drag: ${ch}`);
      const moved = await rect(browser, '[data-field="crop-box"]');
      near(moved.y + moved.height, box.y + box.height, 'the bottom edge stays');
      await browser.$('button=Cancel').click();
      await browser.$('[data-view="editor"]').waitForDisplayed({ reverse: true, timeout: 5_000 });
    });
  });
}

// The window at its smallest and at 1280 × 800, in both themes: the bottom
// bar always shows its main button, the rest shrinks with an ellipsis; a
// long path folds into a "…" menu; a drive that cannot store picks is
// greyed with the reason; the result says where This computer's copies went,
// and Open folder says so when nothing can open it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchDemo, scratchHome, screenshot, textOf, until } from '../harness.mjs';

const deep = ['Documents', 'Projects', 'Cloudpick', 'Quarterly reports 2026', 'Drafts'];

/** The box of `selector` and the window's width, in CSS pixels. */
const box = (browser, selector) =>
  browser.execute((sel) => {
    const el = document.querySelector(sel);
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height, window: innerWidth, cut: el.scrollWidth > el.clientWidth };
  }, selector);

for (const theme of ['light', 'dark']) {
  describe(`the smallest window (${theme})`, () => {
    const dirs = scratchHome(`small-${theme}`);
    let app;

    before(async () => {
      const folder = path.join(dirs.home, ...deep);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'Outline.txt'), 'o'.repeat(300));
      fs.writeFileSync(path.join(folder, 'Summary of the third quarter.txt'), 's'.repeat(300));
      // No file manager here: the opener fails the way xdg-open does.
      const opener = path.join(dirs.home, 'no-file-manager.sh');
      fs.writeFileSync(opener, `#!/bin/sh\necho "xdg-open: no method available for opening '$1'" >&2\nexit 3\n`, { mode: 0o755 });
      app = await launchDemo(dirs, theme, { CLOUDPICK_OPENER: opener });
    });

    after(async () => {
      await app?.stop();
    });

    it('keeps the main button in view, shrinks the rest and folds the path into a menu', async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
      await browser.setWindowRect(null, null, 760, 480);
      await until(async () => (await browser.execute(() => innerWidth)) <= 760, 'the window at its smallest');
      await browser.$('[data-source="local"]').click();
      for (const name of deep) {
        await browser.$(`[data-name="${name}"]`).click();
        await browser.$('[aria-current="location"]').waitForDisplayed({ timeout: 10_000 });
        await until(async () => (await textOf(browser, '[aria-current="location"]')) === name, `${name} open`);
      }
      await browser.$('[data-name="Outline.txt"]').click();
      await browser.$('[data-name="Summary of the third quarter.txt"]').click();

      await screenshot(browser, `small-window-${theme}`);
      // The open folder in full, the drive first, the folders between in a menu.
      await until(() => browser.$('[data-action="more-crumbs"]').isExisting(), 'the "…" menu');
      const current = await box(browser, '[aria-current="location"]');
      assert.equal(current.cut, false, 'the open folder is not cut short');
      assert.ok(current.right <= current.window, JSON.stringify(current));

      // The bar: one line, the main button whole and inside the window.
      const button = await box(browser, '[data-action="upload"]');
      assert.equal(await textOf(browser, '[data-action="upload"]'), 'Pick');
      assert.ok(button.right <= button.window - 8, `the button is inside the window: ${JSON.stringify(button)}`);
      const summary = await box(browser, '[data-action="show-selection"]');
      assert.ok(summary.height < 36, `the summary is on one line: ${JSON.stringify(summary)}`);
      assert.equal(await browser.$('[data-action="show-selection"]').getAttribute('title'), '2 selected · 600 B');

      await browser.$('[data-action="more-crumbs"]').click();
      await browser.$('[data-view="crumbs-menu"]').waitForDisplayed({ timeout: 5_000 });
      // The menu and the path on screen make the whole path, in order.
      const folded = await browser.execute(() => [...document.querySelectorAll('[data-view="crumbs-menu"] [data-crumb]')].map((b) => b.dataset.crumb));
      const shown = await browser.execute(() => [...document.querySelectorAll('.crumbs > .crumb')].map((b) => b.textContent.trim()));
      const whole = ['This computer', ...deep];
      assert.ok(folded.length >= 1, JSON.stringify({ folded, shown }));
      assert.deepEqual(whole.filter((name) => !folded.includes(name)), shown);
      assert.deepEqual(whole.filter((name) => folded.includes(name)), folded);
      await screenshot(browser, `small-window-crumbs-${theme}`);
      await browser.keys('Escape');
      await browser.$('[data-view="crumbs-menu"]').waitForDisplayed({ reverse: true, timeout: 5_000 });
      await browser.$('[data-action="more-crumbs"]').click();
      await browser.$('[data-crumb="Projects"]').click();
      await until(async () => (await textOf(browser, '[aria-current="location"]')) === 'Projects', 'Projects open from the menu');
      await browser.$('[data-name="Cloudpick"]').click();
      await browser.$('[data-name="Quarterly reports 2026"]').click();
      await browser.$('[data-name="Drafts"]').click();
      await browser.$('[data-name="Outline.txt"]').waitForDisplayed({ timeout: 10_000 });
    });

    it('offers a drive without share links, and shrinks a long destination', async () => {
      const { browser } = app;
      await browser.$('[data-action="upload-options"]').click();
      await browser.$('[data-view="upload-options"]').waitForDisplayed({ timeout: 5_000 });
      assert.equal(await textOf(browser, '[data-field="local-folder"] code'), path.join(dirs.data, 'Cloudpick', 'picked'));
      const amazon = await browser.execute(() => {
        const option = [...document.querySelectorAll('#store-to option')].find((o) => o.value.startsWith('clouddrive'));
        return option && { disabled: option.disabled, text: option.textContent.trim() };
      });
      assert.deepEqual(amazon, { disabled: false, text: 'Amazon Cloud Drive (no links)' });
      await screenshot(browser, `small-window-to-${theme}`);
      await browser.$('#store-to').selectByVisibleText('Dropbox · demo@cloudpick.invalid');
      await browser.$('#store-to-path').setValue('/Cloudpick/Uploads from the smallest window');
      await browser.$('[data-view="upload-options"]').$('button=Done').click();
      assert.equal(await textOf(browser, '[data-action="upload"]'), 'Upload to Dropbox');
      await screenshot(browser, `small-window-long-${theme}`);
      const to = await box(browser, '[data-action="upload-options"]');
      const button = await box(browser, '[data-action="upload"]');
      assert.ok(button.right <= button.window - 8, JSON.stringify(button));
      assert.equal(await browser.$('[data-action="upload-options"]').getAttribute('title'), 'To Dropbox/Cloudpick/Uploads from the smallest window');
      assert.ok(to.right <= button.left, JSON.stringify({ to, button }));
      assert.equal(button.top, to.top, 'one line');
      // The open folder still shows whole beside the shorter bar.
      assert.equal((await box(browser, '[aria-current="location"]')).cut, false, 'the open folder whole');
      // Back to This computer for the next test.
      await browser.$('[data-action="upload-options"]').click();
      await browser.$('#store-to').selectByVisibleText('This computer');
      await browser.$('[data-view="upload-options"]').$('button=Done').click();
    });

    it("says where This computer's copies went, and what to do when no file manager opens them", async () => {
      const { browser } = app;
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 20_000 });
      const storage = path.join(dirs.data, 'Cloudpick', 'picked');
      assert.equal(await textOf(browser, '[data-view="result"] .heading p'), `in ${storage}`);
      const where = await box(browser, '[data-view="result"] .heading p');
      assert.equal(where.cut, false, 'the folder in full');
      await browser.$('[data-action="open-folder"]').click();
      await browser.$('[data-field="result-notice"]').waitForDisplayed({ timeout: 10_000 });
      assert.equal(
        await textOf(browser, '[data-field="result-notice"]'),
        `Nothing on this computer opened ${fs.realpathSync(storage)}: no-file-manager.sh said “xdg-open: no method available for opening '${fs.realpathSync(storage)}'”. Copy the path to open it yourself Copy path`,
      );
      await screenshot(browser, `small-window-result-${theme}`);
      await browser.setWindowRect(null, null, 1280, 800);
      await until(async () => (await browser.execute(() => innerWidth)) > 1000, 'the window at 1280 × 800');
      await screenshot(browser, `wide-window-result-${theme}`);
      await browser.$('button=Pick more').click();
      await browser.$('[data-name="Outline.txt"]').click();
      // Room for more: the drive comes back at the start of the path.
      await until(async () => (await textOf(browser, '.crumbs > .crumb')) === 'This computer', 'the drive in the path once there is room');
      await screenshot(browser, `wide-window-${theme}`);
      await browser.$('[data-action="clear-selection"]').click();
    });
  });
}

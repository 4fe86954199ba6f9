// Tab through the main view as a keyboard user does: from the files to the
// selection bar, the sidebar, then the tools, and round by the "Skip to
// files" link; every stop in order, on screen and with a focus you can see.
// In both themes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, scratchHome, screenshot } from '../harness.mjs';

const ORDER = ['skip', 'files', 'selection', 'sources', 'tools'];

/** The focused element: its region, a name, whether it is on screen, and whether its focus shows. */
const focused = (browser) =>
  browser.execute(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // The list shows its focus on the row under the cursor.
    const ring = el.getAttribute('role') === 'listbox' ? el.querySelector('.cursor') : el;
    const ringStyle = ring ? getComputedStyle(ring) : style;
    return {
      region: el.closest('[data-tab-region]')?.dataset.tabRegion ?? null,
      name: el.dataset.action ?? el.dataset.source ?? el.dataset.place ?? el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 30),
      onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1,
      ring: ringStyle.outlineStyle !== 'none' || ringStyle.boxShadow !== 'none',
    };
  });

for (const theme of ['light', 'dark']) {
  describe(`the keyboard (${theme})`, () => {
    const dirs = scratchHome(`keyboard-${theme}`);
    let app;

    before(async () => {
      for (const name of ['alpha.txt', 'beta.txt', 'gamma.txt']) fs.writeFileSync(path.join(dirs.home, name), name);
      app = await launch(dirs, theme === 'dark' ? { GTK_THEME: 'Adwaita:dark' } : {});
    });

    after(async () => {
      await app?.stop();
    });

    it('walks list → selection bar → sidebar → tools → skip link, each stop seen', async () => {
      const { browser } = app;
      await browser.$('[data-name="beta.txt"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-name="beta.txt"]').click();
      await browser.execute(() => document.querySelector('[role="listbox"]').focus());
      await browser.keys('ArrowDown');
      const walk = [await focused(browser)];
      for (let step = 0; step < 60; step++) {
        await browser.keys('Tab');
        const stop = await focused(browser);
        walk.push(stop);
        if (stop.region === 'files') break;
        if (stop.name === 'Skip to files') await screenshot(browser, `keyboard-skip-${theme}`);
        if (stop.name === 'upload') await screenshot(browser, `keyboard-upload-${theme}`);
      }
      const regions = walk.map((s) => s.region);
      assert.equal(regions.at(-1), 'files', `round to the files within 60 stops: ${JSON.stringify(walk)}`);
      // One run of each region, in order: files, selection, sources, tools, skip, files.
      const runs = regions.filter((r, i) => r !== regions[i - 1]);
      assert.deepEqual(runs, ['files', 'selection', 'sources', 'tools', 'skip', 'files']);
      assert.equal(walk[1].name, 'show-selection', 'the selection bar right after the files');
      const missing = walk.filter((s) => !s.onScreen || !s.ring || s.region === null);
      assert.deepEqual(missing, [], 'every stop is on screen, in a region, with its focus showing');
      const names = walk.map((s) => s.name);
      assert.ok(names.indexOf('upload') < names.indexOf('recent'), 'the main button, then the sidebar');
      assert.ok(names.indexOf('Search This computer') < names.indexOf('List'), 'search, then the view buttons');
      assert.ok(names.length - 2 < 30, `a short round: ${names.length}`);

      // Enter on the skip link goes to the files; Shift+Tab goes back the same way.
      assert.equal((await focused(browser)).region, 'files', JSON.stringify(await focused(browser)));
      await browser.keys(['Shift', 'Tab']);
      assert.equal((await focused(browser)).name, 'Skip to files');
      await browser.keys('Enter');
      assert.equal((await focused(browser)).region, 'files');
      await browser.keys(['Shift', 'Tab']);
      assert.equal((await focused(browser)).name, 'Skip to files');
    });
  });
}

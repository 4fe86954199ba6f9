// The details pane previews an image and gives its size in pixels; a
// portrait thumbnail keeps its size through a reload; Activity's buttons
// stand in columns, whichever of them a row has. In both themes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchDemo, png, scratchHome, screenshot, textOf, until } from '../harness.mjs';

/** Each grid picture's box, and the box it sits in. */
const pictures = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('img[data-thumbnail]')].map((img) => {
      const r = img.getBoundingClientRect();
      const box = img.parentElement.getBoundingClientRect();
      // What object-fit: contain draws: the image scaled into its box.
      const scale = Math.min(r.width / img.naturalWidth, r.height / img.naturalHeight);
      return {
        name: img.dataset.thumbnail,
        drawn: [Math.round(img.naturalWidth * scale), Math.round(img.naturalHeight * scale)],
        inside: r.width <= box.width + 0.5 && r.height <= box.height + 0.5,
        loaded: img.complete && img.naturalWidth > 0,
      };
    }),
  );

for (const theme of ['light', 'dark']) {
  describe(`details, thumbnails and Activity (${theme})`, () => {
    const dirs = scratchHome(`details-${theme}`);
    let app;

    before(async () => {
      fs.writeFileSync(path.join(dirs.home, 'portrait.png'), png(600, 900));
      fs.writeFileSync(path.join(dirs.home, 'wide.png'), png(900, 600));
      app = await launchDemo(dirs, theme);
    });

    after(async () => {
      await app?.stop();
    });

    it('keeps a portrait thumbnail whole and the same size through a reload', async () => {
      const { browser } = app;
      await browser.$('[data-source="local"]').waitForDisplayed({ timeout: 90_000 });
      await browser.$('[data-source="local"]').click();
      await browser.$('[data-name="portrait.png"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-layout-button="grid"]').click();
      await until(async () => (await pictures(browser)).length === 2 && (await pictures(browser)).every((p) => p.loaded), 'the thumbnails');
      const first = await pictures(browser);
      const portrait = first.find((p) => p.name === 'portrait.png');
      assert.equal(portrait.inside, true, 'inside its box from the first paint');
      assert.ok(portrait.drawn[1] <= 110 && Math.abs(portrait.drawn[0] / portrait.drawn[1] - 600 / 900) < 0.02, JSON.stringify(portrait));
      await browser.$('button[title="Refresh"]').click();
      await until(async () => (await pictures(browser)).every((p) => p.loaded), 'the thumbnails again');
      assert.deepEqual(await pictures(browser), first, 'the same after a reload');
      await screenshot(browser, `grid-portrait-${theme}`);
    });

    it("previews an image in the details pane, with its size in pixels", async () => {
      const { browser } = app;
      await browser.$('[data-layout-button="list"]').click();
      await browser.$('[data-action="details"]').click();
      await browser.$('[data-name="portrait.png"]').click();
      await browser.$('[data-field="dimensions"]').waitForDisplayed({ timeout: 10_000 });
      assert.equal(await textOf(browser, '[data-field="dimensions"]'), '600 × 900 px');
      await until(() => browser.execute(() => document.querySelector('[data-field="preview"]')?.naturalWidth > 0), 'the preview');
      const preview = await browser.execute(() => {
        const img = document.querySelector('[data-field="preview"]');
        return { natural: [img.naturalWidth, img.naturalHeight], alt: img.alt };
      });
      assert.deepEqual(preview, { natural: [341, 512], alt: 'Preview of portrait.png' });
      await screenshot(browser, `details-preview-${theme}`);
      await browser.$('[data-action="details"]').click();
      await browser.$('[data-action="clear-selection"]').click();
    });

    it("lines Activity's buttons up in columns", async () => {
      const { browser } = app;
      // A copy on This computer (Open, Copy link, Save to…, Edit, Remove) and a link (Copy link only).
      await browser.$('[data-name="wide.png"]').click();
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('button=Pick more').click();
      await browser.$('[data-provider="dropbox"]').click();
      await browser.$('[data-name="Welcome.txt"]').click();
      await browser.$('[data-action="upload-options"]').click();
      await browser.$('#link-only').click();
      await browser.$('[data-view="upload-options"]').$('button=Done').click();
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-place="activity"]').click();
      await browser.$('[data-view="activity"] [data-filename="wide.png"]').waitForDisplayed({ timeout: 10_000 });
      const columns = await browser.execute(() => {
        const left = (name, action) => document.querySelector(`[data-filename="${name}"] [data-action="${action}"]`)?.getBoundingClientRect().left;
        const chip = (name) => document.querySelector(`[data-filename="${name}"] .chip`).getBoundingClientRect().left;
        return { copied: left('wide.png', 'copy-link'), linked: left('Welcome.txt', 'copy-link'), chips: [chip('wide.png'), chip('Welcome.txt')], open: left('Welcome.txt', 'open-file') ?? null };
      });
      assert.equal(columns.open, null, 'a link has no Open');
      assert.equal(columns.copied, columns.linked, `Copy link in one column: ${JSON.stringify(columns)}`);
      assert.equal(columns.chips[0], columns.chips[1], 'the states in one column');
      const headings = await browser.execute(() => [...document.querySelectorAll('[data-view="activity"] article h3')].slice(0, 2).map((h) => h.textContent.trim()));
      assert.deepEqual(headings, ['1 file picked · 1 linked', '1 file picked · 1 stored']);
      await screenshot(browser, `activity-columns-${theme}`);
    });
  });
}

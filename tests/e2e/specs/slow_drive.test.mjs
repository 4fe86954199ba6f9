// A drive that answers 503: after a second the window says it retries,
// counting, with Cancel; Cancel stops at once, and Try again opens the
// folder once the drive is back. In both themes. And a drive that stops
// reading a save: Cancel in the save dialog stops it, and nothing lands.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, launchDemo, scratchHome, screenshot, textOf, until } from '../harness.mjs';

const ADMIN_TOKEN = 'slow-drive-admin-token';

for (const theme of ['light', 'dark']) {
  describe(`a drive that does not answer (${theme})`, () => {
    const dirs = scratchHome(`slow-${theme}`);
    let app;
    let emulator;

    /** Sets (or, with no rule, clears) the demo drives' faults. */
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const faults = (rule) =>
      fetch(
        `${emulator}/__admin/faults`,
        rule ? { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify(rule) } : { method: 'DELETE', headers: admin },
      );

    before(async () => {
      const port = await freePort();
      emulator = `http://127.0.0.1:${port}`;
      app = await launchDemo(dirs, theme, { CLOUDPICK_DEMO_ADDR: `127.0.0.1:${port}`, CLOUDPICK_DEMO_ADMIN_TOKEN: ADMIN_TOKEN });
      // Without the run's token, the demo drives' admin refuses.
      await until(async () => (await fetch(`${emulator}/__admin/faults`, { method: 'DELETE' }).catch(() => null))?.status === 401, 'the admin refuses a request without its token', 90_000);
    });

    after(async () => {
      await app?.stop();
    });

    it('says it retries, counting, and stops on Cancel', async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
      const added = await faults({ path_contains: 'files/list_folder', fault: { kind: 'status', status: 503 }, times: 1000 });
      assert.equal(added.ok, true);
      const clicked = Date.now();
      await browser.$('[data-provider="dropbox"]').click();
      // Never an empty header: the drive's name while it opens.
      assert.equal(await textOf(browser, '[aria-current="location"]'), 'Dropbox');
      await browser.$('[data-field="waiting"]').waitForDisplayed({ timeout: 10_000 });
      assert.ok(Date.now() - clicked >= 900, 'not before a second has passed');
      await until(async () => /^Dropbox is not answering, retrying \([2-5]\/5\)…$/.test(await textOf(browser, '[data-field="waiting"]')), 'the retries counted');
      await screenshot(browser, `slow-drive-retrying-${theme}`);

      const cancelled = Date.now();
      await browser.$('[data-action="cancel-open"]').click();
      await browser.$('p=Stopped waiting for Dropbox.').waitForDisplayed({ timeout: 5_000 });
      assert.ok(Date.now() - cancelled < 3_000, 'Cancel ends it at once');
      await screenshot(browser, `slow-drive-stopped-${theme}`);

      await faults(null);
      await browser.$('button=Try again').click();
      await browser.$('[data-name="Photos"]').waitForDisplayed({ timeout: 20_000 });
      assert.equal(await browser.$('[data-view="waiting"]').isExisting(), false);
    });

    if (theme === 'dark') return;

    it('stops a save to a drive that stops reading, with Cancel, and writes nothing there', async () => {
      const { browser } = app;
      await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
      await browser.$('[data-provider="dropbox"]').click();
      await browser.$('[data-name="Photos"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-name="Photos"]').click();
      await browser.$('[data-name="Harbour at dusk.jpg"]').waitForDisplayed({ timeout: 20_000 });
      await browser.$('[data-name="Harbour at dusk.jpg"]').click();
      await browser.$('[data-action="save-to"]').click();
      await browser.$('[data-view="save"]').waitForDisplayed({ timeout: 10_000 });
      await until(async () => /^OneDrive .*\/$/.test(await textOf(browser, '[data-field="save-where"]')), 'the root of OneDrive chosen');
      // OneDrive takes the upload's first megabyte, then stops reading.
      const added = await faults({ path_contains: '', method: 'PUT', fault: { kind: 'stall_request', after_bytes: 1048576 }, times: 100 });
      assert.equal(added.ok, true);
      try {
        await browser.$('[data-action="save"]').click();
        await browser.$('[data-field="save-progress"]').waitForDisplayed({ timeout: 10_000 });
        const cancelled = Date.now();
        await browser.$('[data-action="save-cancel"]').click();
        await browser.$('[data-view="save"]').waitForDisplayed({ reverse: true, timeout: 10_000 });
        assert.ok(Date.now() - cancelled < 5_000, 'Cancel stops it at once');
      } finally {
        await faults(null);
      }
      await browser.$('[data-provider="onedrive"]').click();
      await browser.$('[data-name="Photos"]').waitForDisplayed({ timeout: 20_000 });
      assert.equal(await browser.$('[data-name="Harbour at dusk.jpg"]').isExisting(), false, 'nothing half-written on OneDrive');
      await browser.$('[data-place="activity"]').click();
      await browser.$('[data-view="activity"]').waitForDisplayed({ timeout: 10_000 });
      // Said as cancelled, not as failed; Retry saves it after all.
      await until(async () => /1 file saved to a drive · 1 cancelled/.test(await textOf(browser, '[data-view="activity"]')), 'the save listed as cancelled');
      assert.equal(await textOf(browser, '[data-filename="Harbour at dusk.jpg"] .chip'), 'Cancelled');
      await screenshot(browser, 'save-cancelled-activity');
    });
  });
}

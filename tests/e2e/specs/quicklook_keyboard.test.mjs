// Quick Look as a new user meets it (#24): the smallest window, the dark
// theme, the keyboard only. Tab to Dropbox, arrows and Enter into Documents,
// P on each kind of file there (a CSV and notes as text, a spreadsheet and a
// Word document through LibreOffice, a one-page PDF with no page buttons), → to go
// on, Esc back to the list with the cursor on the file last shown. Then the
// drive fails: Quick Look says so instead of waiting forever, and Try again
// shows the file once the drive is back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, launchDemo, scratchHome, screenshot, textOf, until } from '../harness.mjs';

const ADMIN_TOKEN = 'quicklook-admin-token';

describe('Quick Look by keyboard in the smallest window (dark)', () => {
  const dirs = scratchHome('quicklook-keyboard');
  let app;
  let emulator;

  before(async () => {
    const port = await freePort();
    emulator = `http://127.0.0.1:${port}`;
    app = await launchDemo(dirs, 'dark', { CLOUDPICK_DEMO_ADDR: `127.0.0.1:${port}`, CLOUDPICK_DEMO_ADMIN_TOKEN: ADMIN_TOKEN });
  });

  after(async () => {
    await app?.stop();
  });

  /** The focused element's drive and region. */
  const focus = () =>
    app.browser.execute(() => {
      const el = document.activeElement;
      return { provider: el.closest('[data-provider]')?.dataset.provider ?? null, region: el.closest('[data-tab-region]')?.dataset.tabRegion ?? null };
    });
  /** The name under the list's cursor. */
  const cursor = () => app.browser.execute(() => document.querySelector('[role="listbox"] .cursor')?.dataset.name ?? null);
  /** Whether Quick Look's box lies inside the window. */
  const fits = () =>
    app.browser.execute(() => {
      const r = document.querySelector('[data-view="quicklook"]').getBoundingClientRect();
      return r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1;
    });
  const shown = () => textOf(app.browser, '[data-view="quicklook"] [data-field="name"]');
  /** Waits for the first page of `name` drawn in Quick Look. */
  const pageDrawn = (name, timeout) =>
    until(
      () => app.browser.execute((n) => {
        const img = document.querySelector('[data-view="quicklook"] [data-field="page"]');
        return !!img && img.alt === `Page 1 of ${n}` && img.complete && img.naturalWidth > 0;
      }, name),
      `the first page of ${name} drawn`,
      timeout,
    );

  it('opens each kind of file with P, moves with the arrows and comes back with Esc', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
    await browser.setWindowRect(null, null, 760, 480);
    await until(async () => (await browser.execute(() => innerWidth)) <= 760, 'the window at its smallest');
    for (let step = 0; step < 40 && (await focus()).provider !== 'dropbox'; step++) await browser.keys('Tab');
    assert.equal((await focus()).provider, 'dropbox', 'Dropbox reached with Tab');
    await browser.keys('Enter');
    await browser.$('[data-name="Documents"]').waitForDisplayed({ timeout: 30_000 });
    for (let step = 0; step < 40 && (await focus()).region !== 'files'; step++) await browser.keys('Tab');
    assert.equal((await focus()).region, 'files', 'the files reached with Tab');
    await browser.keys('Home');
    for (let step = 0; step < 10 && (await cursor()) !== 'Documents'; step++) await browser.keys('ArrowDown');
    await browser.keys('Enter');
    await browser.$('[data-name="Quarterly report.pdf"]').waitForDisplayed({ timeout: 30_000 });
    await until(async () => (await focus()).region === 'files', 'the files still focused in the folder');
    await browser.keys('Home');
    assert.equal(await cursor(), 'Budget 2026.csv');

    await browser.keys('p');
    await browser.$('[data-view="quicklook"] [data-field="text"]').waitForDisplayed({ timeout: 20_000 });
    assert.match(await textOf(browser, '[data-view="quicklook"] [data-field="text"]'), /,/);
    assert.ok(await fits(), 'Quick Look fits the smallest window');
    await screenshot(browser, 'quicklook-small-csv-dark');

    // The spreadsheet and the Word document, through LibreOffice's PDF.
    await browser.keys('ArrowRight');
    await until(async () => (await shown()) === 'Budget 2026.xlsx', 'the spreadsheet');
    await pageDrawn('Budget 2026.xlsx', 60_000);
    await browser.keys('ArrowRight');
    await until(async () => (await shown()) === 'Meeting notes.txt', 'the notes');
    await browser.$('[data-view="quicklook"] [data-field="text"]').waitForDisplayed({ timeout: 20_000 });
    await browser.keys('ArrowRight');
    await until(async () => (await shown()) === 'Project plan.docx', 'the Word document');
    await pageDrawn('Project plan.docx', 60_000);
    assert.ok(await fits());
    await screenshot(browser, 'quicklook-small-docx-dark');

    await browser.keys('ArrowRight');
    await until(async () => (await shown()) === 'Quarterly report.pdf', 'the PDF');
    // A one-page PDF: its page, and no page buttons to turn.
    await pageDrawn('Quarterly report.pdf', 30_000);
    assert.equal(await browser.$('[data-field="page-number"]').isExisting(), false, 'no page buttons for one page');
    // The last file: → stays.
    await browser.keys('ArrowRight');
    assert.equal(await shown(), 'Quarterly report.pdf');

    await browser.keys('Escape');
    await until(async () => !(await browser.$('[data-view="quicklook"]').isExisting()), 'Quick Look to close');
    assert.equal(await cursor(), 'Quarterly report.pdf', 'the cursor followed the preview');
    await until(async () => (await focus()).region === 'files', 'the keys back in the list');
  });

  it('says the drive failed instead of waiting forever, and Try again shows the file once it is back', async () => {
    const { browser } = app;
    const added = await fetch(`${emulator}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ path_contains: 'files/download', fault: { kind: 'status', status: 503 }, times: 1000 }),
    });
    assert.equal(added.ok, true);
    await browser.keys('Home');
    await browser.keys('ArrowDown');
    await browser.keys('ArrowDown');
    assert.equal(await cursor(), 'Meeting notes.txt');
    await browser.keys('p');
    await browser.$('[data-view="quicklook"] [role="alert"]').waitForDisplayed({ timeout: 90_000 });
    const said = await textOf(browser, '[data-view="quicklook"] [role="alert"]');
    assert.match(said, /Dropbox|not answering|unavailable|try again/i, said);
    await screenshot(browser, 'quicklook-small-failing-dark');
    // The drive is back: Tab to Try again, Enter.
    await fetch(`${emulator}/__admin/faults`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const onRetry = () => browser.execute(() => document.activeElement?.dataset.action === 'retry-preview');
    for (let step = 0; step < 5 && !(await onRetry()); step++) await browser.keys('Tab');
    assert.ok(await onRetry(), 'Try again reached with Tab');
    await browser.keys('Enter');
    await browser.$('[data-view="quicklook"] [data-field="text"]').waitForDisplayed({ timeout: 20_000 });
    await browser.keys('Escape');
    await until(async () => !(await browser.$('[data-view="quicklook"]').isExisting()), 'Quick Look to close');
  });
});

// Cloudpick as every application's Open and Save dialog (#25), proven with
// parts it does not write: Debian's xdg-desktop-portal routes the requests
// of zenity (GTK_USE_PORTAL=1) and of a jeepney client to the app, whose
// window is driven by WebDriver. What is checked is what the asking
// application gets: zenity's exit code, the files at the paths it prints,
// the Response signal, and what lands on the drive when it saves.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { after, afterEach, before, describe, it } from 'node:test';
import { demoCache, freePort, launchDemo, repoRoot, scratchHome, screenshot, sha256, tellApp, textOf, until } from '../harness.mjs';
import { BACKEND, endZenity, hasOwner, startPortal, within, zenity } from '../portal.mjs';

const seed = path.join(demoCache, 'cloudpick', 'demo-seed-v1');
const ADMIN_TOKEN = 'file-dialog-admin-token';
const opened = path.join(demoCache, 'cloudpick', 'opened');

for (const theme of ['light', 'dark']) {
  describe(`the desktop's file dialog (${theme})`, () => {
    const dirs = scratchHome(`file-dialog-${theme}`);
    let app;
    let portal;
    let emulator;

    before(async () => {
      const port = await freePort();
      emulator = `http://127.0.0.1:${port}`;
      fs.mkdirSync(path.join(dirs.home, 'Projects', 'Site'), { recursive: true });
      fs.writeFileSync(path.join(dirs.home, 'Projects', 'plan.txt'), 'the plan\n');
      // The test hooks stand in for the window's close button.
      app = await launchDemo(dirs, theme, { CLOUDPICK_DEMO_ADDR: `127.0.0.1:${port}`, CLOUDPICK_DEMO_ADMIN_TOKEN: ADMIN_TOKEN, CLOUDPICK_TEST_HOOKS: '1' });
      await app.browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
      await until(() => hasOwner(BACKEND), 'Cloudpick to serve the FileChooser');
      portal = await startPortal();
    });

    // An application that goes away takes its dialog with it (the portal
    // closes the request): the next test starts on the app's own window.
    afterEach(async () => {
      endZenity();
      await app.browser.$('[data-view="portal"]').waitForDisplayed({ reverse: true, timeout: 20_000 });
    });

    after(async () => {
      endZenity();
      await portal?.stop();
      await app?.stop();
    });

    /** Waits for the window to show an application's request. */
    const asked = async (what) => {
      await app.browser.$('[data-view="portal"]').waitForDisplayed({ timeout: 30_000 }).catch(async (err) => {
        await screenshot(app.browser, 'portal-not-shown');
        throw err;
      });
      await until(async () => (await textOf(app.browser, '[data-testid="portal-asking"]')).includes(what), `"${what}" in the window`);
    };

    /** Opens a drive's folder by name, from its root. */
    const open = async (provider, folder) => {
      await app.browser.$(`[data-provider="${provider}"]`).click();
      await app.browser.$(`[data-name="${folder}"]`).waitForDisplayed({ timeout: 20_000 });
      await app.browser.$(`[data-name="${folder}"]`).click();
      await app.browser.$('nav[aria-label="Folder path"]').waitForDisplayed();
      await until(async () => (await textOf(app.browser, 'nav[aria-label="Folder path"]')).includes(folder), `${folder} open`);
    };

    it('opens a Dropbox file for zenity, which gets a local copy with its bytes', async () => {
      const asking = zenity(['--file-selection', '--title=Open a report']);
      await asked('An application wants to open a file');
      assert.match(await textOf(app.browser, '[data-testid="portal-asking"]'), /Open a report/);
      await open('dropbox', 'Documents');
      await app.browser.$('[data-name="Quarterly report.pdf"]').waitForDisplayed({ timeout: 10_000 });
      await app.browser.$('[data-name="Quarterly report.pdf"]').click();
      // One file: a second click chooses that one instead.
      await app.browser.$('[data-name="Budget 2026.xlsx"]').click();
      await app.browser.$('[data-name="Quarterly report.pdf"]').click();
      assert.match(await textOf(app.browser, '[data-field="portal-chosen"]'), /1 selected/);
      // zenity's own accept label (_OK), without its mnemonic.
      assert.equal(await textOf(app.browser, '[data-view="portal"] [data-action="upload"]'), 'OK');
      await screenshot(app.browser, `portal-open-${theme}`);
      await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
      const { code, stdout } = await within(asking.done, 'zenity to end');
      assert.equal(code, 0, 'zenity took the file');
      assert.ok(stdout.startsWith(`${opened}/request-`), `a path in the request's own folder: ${stdout}`);
      assert.equal(path.basename(stdout), 'Quarterly report.pdf');
      assert.equal(sha256(stdout), sha256(path.join(seed, 'Documents', 'Quarterly report.pdf')));
      // The window is the app's own again, and Activity says who has the file.
      await app.browser.$('[data-view="portal"]').waitForDisplayed({ reverse: true, timeout: 10_000 });
      await app.browser.$('[data-place="activity"]').click();
      await until(async () => /1 file opened in An application/.test(await textOf(app.browser, '[data-view="activity"]')), 'Activity to list the open');
    });

    if (theme === 'dark') {
      it('opens and saves by keyboard alone, in the smallest window', async () => {
        const { browser } = app;
        await browser.setWindowRect(null, null, 760, 480);
        await until(async () => (await browser.execute(() => innerWidth)) <= 760, 'the window at its smallest');
        /** The focused element, where it is, and the list's cursor. */
        const focus = () =>
          browser.execute(() => {
            const el = document.activeElement;
            const r = el.getBoundingClientRect();
            return {
              field: el.dataset.field ?? null,
              source: el.dataset.source ?? null,
              folder: el.dataset.folder ?? null,
              region: el.closest('[data-tab-region]')?.dataset.tabRegion ?? null,
              inSave: el.closest('[data-view="save"]') !== null,
              onScreen: r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1,
              cursor: document.querySelector('.cursor')?.dataset.name ?? null,
              selection: el.selectionStart === undefined ? null : [el.selectionStart, el.selectionEnd],
            };
          });
        /** Presses `keys` until the focus is what `wanted` says, at most 20 times. */
        const press = async (keys, wanted, what) => {
          for (let i = 0; i < 20; i++) {
            const now = await focus();
            if (wanted(now)) return now;
            await browser.keys(keys);
          }
          throw new Error(`${keys.join('+')} never reached ${what}: ${JSON.stringify(await focus())}`);
        };

        // Open: the filter, the drive, the folder and the file, each by keys.
        const asking = zenity(['--file-selection', '--title=Open notes', '--file-filter=Pictures | *.png', '--file-filter=Text | *.txt']);
        await asked('wants to open a file');
        const filter = await press(['Tab'], (f) => f.field === 'portal-filter', 'the filter');
        assert.ok(filter.onScreen, 'the filter is in view');
        await browser.keys(['ArrowDown']);
        await until(async () => (await browser.$('[data-field="portal-filter"]').getValue()) === '1', 'the Text filter chosen');
        await press(['Tab'], (f) => f.source?.startsWith('dropbox'), 'Dropbox');
        await browser.keys(['Enter']);
        await browser.$('[data-name="Documents"]').waitForDisplayed({ timeout: 20_000 });
        await press(['Shift', 'Tab'], (f) => f.region === 'files', 'the files');
        await press(['ArrowDown'], (f) => f.cursor === 'Documents', 'Documents');
        await browser.keys(['Enter']);
        await app.browser.$('[data-name="Meeting notes.txt"]').waitForDisplayed({ timeout: 10_000 });
        await press(['ArrowDown'], (f) => f.cursor === 'Meeting notes.txt', 'the notes');
        await screenshot(browser, 'portal-keyboard-small-dark');
        await browser.keys(['Enter']);
        const opened = await within(asking.done, 'zenity to end');
        assert.equal(opened.code, 0, 'zenity took the file');
        assert.equal(sha256(opened.stdout), sha256(path.join(seed, 'Documents', 'Meeting notes.txt')));
        await app.browser.$('[data-view="portal"]').waitForDisplayed({ reverse: true, timeout: 10_000 });

        // Save: the name has the keys with its stem selected, Tab stays in
        // the dialog, a folder opens with Enter, and Enter in the name saves.
        const saving = zenity(['--file-selection', '--save', '--filename=Trip notes.txt']);
        await app.browser.$('[data-view="save"]').waitForDisplayed({ timeout: 30_000 });
        await until(async () => (await focus()).field === 'save-name', 'the name to have the keys');
        assert.deepEqual((await focus()).selection, [0, 'Trip notes'.length], 'the stem selected');
        await browser.keys('Holiday'.split(''));
        await app.browser.$('[data-folder="Documents"]').waitForDisplayed({ timeout: 20_000 });
        for (let i = 0; i < 14; i++) {
          await browser.keys(['Tab']);
          assert.ok((await focus()).inSave, `Tab ${i + 1} stays in the dialog`);
        }
        await press(['Tab'], (f) => f.folder === 'Documents', 'the Documents folder');
        await browser.keys(['Enter']);
        await until(async () => (await textOf(browser, '[data-field="save-where"]')).endsWith('/Documents'), 'Documents open');
        await press(['Shift', 'Tab'], (f) => f.field === 'save-name', 'the name');
        await screenshot(browser, 'portal-save-keyboard-small-dark');
        await browser.keys(['Enter']);
        const saved = await within(saving.done, 'zenity to end');
        assert.equal(saved.code, 0, 'zenity has a place to save');
        assert.equal(path.basename(saved.stdout), 'Holiday.txt');
      });
      return;
    }

    it('opens two files from two drives (--multiple)', async () => {
      const asking = zenity(['--file-selection', '--multiple', '--separator=\n']);
      await asked('wants to open files');
      await open('dropbox', 'Photos');
      await app.browser.$('[data-name="Meadow.png"]').click();
      await open('onedrive', 'Documents');
      await app.browser.$('[data-name="Meeting notes.txt"]').click();
      assert.match(await textOf(app.browser, '[data-field="portal-chosen"]'), /2 selected/);
      await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
      const { code, stdout } = await within(asking.done, 'zenity to end');
      assert.equal(code, 0);
      // GTK lists them in its own order.
      const paths = stdout.split('\n').sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
      assert.deepEqual(paths.map((p) => path.basename(p)), ['Meadow.png', 'Meeting notes.txt']);
      assert.equal(sha256(paths[0]), sha256(path.join(seed, 'Photos', 'Meadow.png')));
      assert.equal(sha256(paths[1]), sha256(path.join(seed, 'Documents', 'Meeting notes.txt')));
    });

    it('greys what a *.png filter leaves out, and All files takes it back', async () => {
      const asking = zenity(['--file-selection', '--file-filter=Pictures | *.png', '--file-filter=All files | *']);
      await asked('wants to open a file');
      await open('dropbox', 'Photos');
      const disabled = (name) => app.browser.execute((n) => document.querySelector(`[data-name="${n}"]`)?.getAttribute('aria-disabled'), name);
      await until(async () => (await disabled('Harbour at dusk.jpg')) === 'true', 'the JPEG greyed');
      assert.equal(await disabled('Meadow.png'), 'false');
      const filter = await app.browser.$('[data-field="portal-filter"]');
      assert.equal(await filter.getValue(), '0');
      await screenshot(app.browser, 'portal-filter');
      await filter.selectByVisibleText('All files');
      await until(async () => (await disabled('Harbour at dusk.jpg')) === 'false', 'the JPEG back');
      await app.browser.$('[data-name="Harbour at dusk.jpg"]').click();
      await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
      const { code, stdout } = await within(asking.done, 'zenity to end');
      assert.equal(code, 0);
      assert.equal(sha256(stdout), sha256(path.join(seed, 'Photos', 'Harbour at dusk.jpg')));
    });

    it('answers a folder of this computer (--directory)', async () => {
      const projects = path.join(dirs.home, 'Projects');
      const asking = zenity(['--file-selection', '--directory']);
      await asked('wants a folder');
      // Only This computer is offered.
      assert.equal(await app.browser.$('[data-provider="dropbox"]').isExisting(), false);
      await open('local', 'Projects');
      assert.match(await textOf(app.browser, '[data-field="portal-chosen"]'), /Folder: Projects/);
      await app.browser.$('[data-name="Site"]').click();
      await until(async () => /Folder: Site/.test(await textOf(app.browser, '[data-field="portal-chosen"]')), 'Site open');
      await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
      const { code, stdout } = await within(asking.done, 'zenity to end');
      assert.equal(code, 0);
      assert.equal(stdout, path.join(fs.realpathSync(projects), 'Site'));
    });

    it('saves through zenity --save to the demo OneDrive, and again when the application rewrites the file', async () => {
      const asking = zenity(['--file-selection', '--save', '--filename=Minutes.txt']);
      await app.browser.$('[data-view="save"]').waitForDisplayed({ timeout: 30_000 });
      await until(async () => /wants to save a file/.test(await textOf(app.browser, '[data-view="save"]')), 'who asks, in the save dialog');
      const labels = await app.browser.execute(() => [...document.querySelectorAll('[data-field="save-drive"] option')].map((o) => o.textContent.trim()));
      assert.ok(labels.some((l) => l.startsWith('This computer')), `This computer is offered: ${labels}`);
      await app.browser.$('[data-field="save-drive"]').selectByIndex(labels.findIndex((l) => l.startsWith('OneDrive')));
      await app.browser.$('[data-folder="Documents"]').waitForDisplayed({ timeout: 20_000 });
      await app.browser.$('[data-folder="Documents"]').click();
      await until(async () => /OneDrive.*\/Documents/.test(await textOf(app.browser, '[data-field="save-where"]')), 'Documents chosen');
      assert.equal(await app.browser.$('[data-field="save-name"]').getValue(), 'Minutes.txt');
      await screenshot(app.browser, 'portal-save');
      await app.browser.$('[data-view="save"] [data-action="save"]').click();
      const { code, stdout } = await within(asking.done, 'zenity to end');
      assert.equal(code, 0);
      assert.ok(stdout.startsWith(`${path.join(demoCache, 'cloudpick', 'saving')}/request-`) && stdout.endsWith('/Minutes.txt'), stdout);
      // zenity only names the file: the test writes it, as the application would.
      const link = async () => {
        await app.browser.$('[data-place="activity"]').click();
        return app.browser.execute(() => document.querySelector('[data-filename="Minutes.txt"] [data-action="copy-link"]')?.getAttribute('title') ?? null);
      };
      // The drive refuses the first upload once: Activity says so, and Retry saves it.
      const faults = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
      const refused = await fetch(`${emulator}/__admin/faults`, {
        method: 'POST',
        headers: faults,
        body: JSON.stringify({ path_contains: 'Minutes.txt', method: 'PUT', fault: { kind: 'status', status: 403 }, times: 1 }),
      });
      assert.equal(refused.ok, true);
      fs.writeFileSync(stdout, 'first minutes\n');
      const retry = '[data-filename="Minutes.txt"][data-state="failed"] [data-action="retry-save"]';
      await until(async () => {
        await app.browser.$('[data-place="activity"]').click();
        return app.browser.$(retry).isExisting();
      }, 'the failed upload, with Retry, in Activity', 30_000);
      await screenshot(app.browser, 'portal-save-failed');
      await app.browser.$(retry).click();
      await until(async () => (await textOf(app.browser, '[data-field="notice"]')) === 'Minutes.txt is saved', 'the retry to save it');
      for (const version of ['first minutes\n', 'second minutes, longer\n']) {
        if (version !== 'first minutes\n') fs.writeFileSync(stdout, version);
        let got = null;
        await until(async () => {
          const url = await link();
          if (!url) return false;
          got = await (await fetch(url)).text();
          return got === version;
        }, `OneDrive to hold ${JSON.stringify(version)} (last: ${JSON.stringify(got)})`, 60_000);
      }
    });

    it('asks about a taken name when saving, and keeps both', async () => {
      const asking = zenity(['--file-selection', '--save', '--filename=Meeting notes.txt']);
      await app.browser.$('[data-view="save"]').waitForDisplayed({ timeout: 30_000 });
      const labels = await app.browser.execute(() => [...document.querySelectorAll('[data-field="save-drive"] option')].map((o) => o.textContent.trim()));
      await app.browser.$('[data-field="save-drive"]').selectByIndex(labels.findIndex((l) => l.startsWith('OneDrive')));
      await app.browser.$('[data-folder="Documents"]').waitForDisplayed({ timeout: 20_000 });
      await app.browser.$('[data-folder="Documents"]').click();
      await until(async () => /OneDrive.*\/Documents/.test(await textOf(app.browser, '[data-field="save-where"]')), 'Documents chosen');
      await app.browser.$('[data-view="save"] [data-action="save"]').click();
      await app.browser.$('[data-view="save-conflict"]').waitForDisplayed({ timeout: 20_000 });
      assert.match(await textOf(app.browser, '[data-view="save-conflict"]'), /Meeting notes\.txt is already there/);
      await app.browser.$('[data-action="keep-both"]').click();
      const { code, stdout } = await within(asking.done, 'zenity to end');
      assert.equal(code, 0);
      assert.equal(path.basename(stdout), 'Meeting notes (1).txt');
    });

    it('saves several files into a folder of this computer (SaveFiles), starting in the folder named, at their own paths', async () => {
      const projects = path.join(dirs.home, 'Projects');
      const asking = client('backend', 'Export pages', {
        method: 'SaveFiles',
        app_id: 'org.example.Notes',
        current_folder: projects,
        files: ['/somewhere/else/page 1.txt', '/somewhere/else/page 2.txt'],
      });
      try {
        await app.browser.$('[data-view="save"]').waitForDisplayed({ timeout: 30_000 });
        assert.match(await textOf(app.browser, '[data-view="save"]'), /org\.example\.Notes wants to save files/);
        assert.match(await textOf(app.browser, '[data-view="save"] h2, [data-view="save"] header'), /Export pages/);
        await until(async () => /This computer.*\/Projects$/.test(await textOf(app.browser, '[data-field="save-where"]')), 'Projects on This computer chosen');
        const names = await app.browser.execute(() => [...document.querySelectorAll('[data-field="save-name"]')].map((i) => i.value));
        assert.deepEqual(names, ['page 1.txt', 'page 2.txt']);
        await app.browser.$('[data-view="save"] [data-action="save"]').click();
        const { code, answer } = await within(asking.done, 'the backend to answer');
        assert.equal(code, 0);
        assert.equal(answer.response, 0);
        const real = fs.realpathSync(projects);
        assert.deepEqual(answer.results.uris, [`file://${real}/page%201.txt`, `file://${real}/page%202.txt`]);
      } finally {
        asking.child.kill();
      }
    });

    it("cancels with the Cancel button, with Esc and with the window's close: zenity exits 1", async () => {
      for (const how of ['button', 'Escape', 'close']) {
        const asking = zenity(['--file-selection']);
        await asked('wants to open a file');
        if (how === 'button') await app.browser.$('[data-action="portal-cancel"]').click();
        else if (how === 'Escape') await app.browser.keys('Escape');
        else await tellApp(path.join(dirs.data, 'Cloudpick', 'instance.sock'), { do: 'close' });
        const { code, stdout } = await within(asking.done, `zenity to end after ${how}`);
        assert.equal(code, 1, `cancelled by ${how}`);
        assert.equal(stdout, '');
      }
    });

    /** Runs portal_client.py (jeepney, in the interop venv) on `side`; `done` has its exit code and last JSON line. */
    const client = (side, title, asked) => {
      const child = spawn(path.join(repoRoot, 'tests', 'interop', '.venv', 'bin', 'python'), [path.join(repoRoot, 'tests', 'e2e', 'portal_client.py'), side, title, JSON.stringify(asked)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let lines = '';
      child.stdout.on('data', (chunk) => (lines += chunk));
      const done = new Promise((resolve) => child.on('close', (code) => resolve({ code, answer: JSON.parse(lines.trim().split('\n').at(-1) || '{}') })));
      return { child, done, lines: () => lines };
    };

    it('answers a D-Bus call through the portal with the file and the filter chosen', async () => {
      const asking = client('frontend', 'Pick a picture', {
        filters: [['Pictures', [[0, '*.png']]], ['Text', [[1, 'text/plain']]]],
        current_filter: ['Text', [[1, 'text/plain']]],
      });
      try {
        await asked('wants to open a file');
        assert.match(asking.lines(), /"handle": "\/org\/freedesktop\/portal\/desktop\/request\//);
        assert.match(await textOf(app.browser, '[data-testid="portal-asking"]'), /Pick a picture/);
        // Its current filter (Text) is the one chosen: the PDF is greyed.
        const filter = await app.browser.$('[data-field="portal-filter"]');
        assert.equal(await filter.getValue(), '1');
        await open('dropbox', 'Documents');
        const disabled = (name) => app.browser.execute((n) => document.querySelector(`[data-name="${n}"]`)?.getAttribute('aria-disabled'), name);
        await until(async () => (await disabled('Quarterly report.pdf')) === 'true', 'the PDF greyed by Text');
        await app.browser.$('[data-name="Meeting notes.txt"]').click();
        await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
        const { code, answer } = await within(asking.done, 'the client to hear the Response');
        assert.equal(code, 0);
        assert.equal(answer.response, 0);
        assert.equal(answer.results.uris.length, 1);
        const file = decodeURIComponent(new URL(answer.results.uris[0]).pathname);
        assert.ok(file.startsWith(`${opened}/request-`), file);
        assert.equal(sha256(file), sha256(path.join(seed, 'Documents', 'Meeting notes.txt')));
        assert.deepEqual(answer.results.current_filter, ['Text', [[1, 'text/plain']]]);
      } finally {
        asking.child.kill();
      }
    });

    it('answers a failed download with response 2 and a notification, and hands nothing over', async () => {
      const notify = spawn('dbus-monitor', ["interface='org.freedesktop.Notifications',member='Notify'"], { stdio: ['ignore', 'pipe', 'ignore'] });
      let notified = '';
      notify.stdout.on('data', (chunk) => (notified += chunk));
      const faults = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
      const added = await fetch(`${emulator}/__admin/faults`, {
        method: 'POST',
        headers: faults,
        body: JSON.stringify({ path_contains: 'files/download', fault: { kind: 'status', status: 404 }, times: 100 }),
      });
      assert.equal(added.ok, true);
      const asking = client('frontend', 'Open notes', {});
      try {
        await asked('wants to open a file');
        await open('dropbox', 'Documents');
        await app.browser.$('[data-name="Meeting notes.txt"]').click();
        await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
        const { code, answer } = await within(asking.done, 'the client to hear the Response');
        assert.equal(code, 0);
        assert.equal(answer.response, 2, 'the dialog failed');
        assert.deepEqual(answer.results.uris ?? [], [], 'no file handed over');
        await until(() => notified.includes('Could not open files for An application'), 'the notification');
        assert.match(notified, /Meeting notes\.txt/);
      } finally {
        asking.child.kill();
        notify.kill();
        await fetch(`${emulator}/__admin/faults`, { method: 'DELETE', headers: faults });
      }
    });

    it('shows the download in the window, and Cancel all answers cancelled', async () => {
      const faults = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
      // The download stops after 1 MiB, as a slow drive's would.
      const added = await fetch(`${emulator}/__admin/faults`, {
        method: 'POST',
        headers: faults,
        body: JSON.stringify({ path_contains: 'files/download', fault: { kind: 'stall_response', after_bytes: 1048576 }, times: 100 }),
      });
      assert.equal(added.ok, true);
      const asking = zenity(['--file-selection']);
      try {
        await asked('wants to open a file');
        await open('dropbox', 'Photos');
        await app.browser.$('[data-name="Harbour at dusk.jpg"]').click();
        await app.browser.$('[data-view="portal"] [data-action="upload"]').click();
        await app.browser.$('[data-view="upload"]').waitForDisplayed({ timeout: 10_000 }).catch(async (err) => {
          await screenshot(app.browser, 'portal-progress-missing');
          throw err;
        });
        assert.match(await textOf(app.browser, '[data-view="upload"] h2'), /Getting 1 file ready for the application/);
        // All of the megabyte that came before the stall, not only its first piece.
        await until(async () => / 1\.0 MB of 3\.\d MB/.test(await textOf(app.browser, '[data-field="overall"]')), 'the bytes so far shown').catch(async (err) => {
          throw new Error(`${err.message}: ${await textOf(app.browser, '[data-view="upload"]')}`);
        });
        await screenshot(app.browser, `portal-progress-${theme}`);
        await app.browser.$('[data-action="cancel-all"]').click();
        const { code, stdout } = await within(asking.done, 'zenity to end');
        assert.equal(code, 1, 'cancelled');
        assert.equal(stdout, '');
      } finally {
        await fetch(`${emulator}/__admin/faults`, { method: 'DELETE', headers: faults });
      }
    });

    it('starts in the folder the request names, over the asking window, says who asks, and hands a local file over as it is', async () => {
      const projects = path.join(dirs.home, 'Projects');
      // The asking application's window: xlogo's, by its X11 id.
      const xlogo = spawn('xlogo', [], { stdio: 'ignore' });
      /** The X11 id of the window titled `title`, or null. */
      const windowId = (title) => spawnSync('xwininfo', ['-name', title], { encoding: 'utf8' }).stdout.match(/Window id: (0x[0-9a-f]+)/)?.[1] ?? null;
      /** What X11 says the window titled `title` is transient for. */
      const transientFor = (title) => spawnSync('xprop', ['-id', windowId(title), 'WM_TRANSIENT_FOR'], { encoding: 'utf8' }).stdout.trim();
      await until(() => windowId('xlogo') !== null, "xlogo's window");
      const parent = windowId('xlogo');
      const asking = client('backend', 'Attach a plan', { app_id: 'org.example.Notes', current_folder: projects, parent_window: `x11:${parent.slice(2)}` });
      try {
        await asked('org.example.Notes wants to open a file');
        await until(() => transientFor('Attach a plan').endsWith(parent), `the window transient for xlogo's (${transientFor('Attach a plan')})`);
        await until(async () => /Projects/.test(await textOf(app.browser, 'nav[aria-label="Folder path"]')), 'Projects open');
        await app.browser.$('[data-name="plan.txt"]').waitForDisplayed({ timeout: 10_000 });
        await app.browser.$('[data-name="plan.txt"]').doubleClick();
        const { code, answer } = await within(asking.done, 'the backend to answer');
        assert.equal(code, 0);
        assert.equal(answer.response, 0);
        assert.deepEqual(answer.results.uris, [`file://${fs.realpathSync(projects)}/plan.txt`]);
        // Its own window again: titled Cloudpick, above nothing.
        await until(() => windowId('Cloudpick') !== null && /not found/.test(transientFor('Cloudpick')), 'the window its own again');
      } finally {
        asking.child.kill();
        xlogo.kill();
      }
    });
  });
}

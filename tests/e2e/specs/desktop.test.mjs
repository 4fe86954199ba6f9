// Cloudpick among the other apps of a desktop, in the real window: its tray
// icon and menu, read and clicked over D-Bus as a panel does; files and
// folders dropped on the window (the drop injected through the app's
// test hook, as a file manager's drag would arrive); notifications that
// really reach the freedesktop notification server (dunst), watched with
// dbus-monitor, and clicked; one instance per user; and the window hiding
// to the tray while a transfer goes on, the app quitting once it is done.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { appBinary, launch, pseudoRandomBytes, repoRoot, scratchHome, screenshot, screenshotDir, sha256, tellApp, textOf, until } from '../harness.mjs';
import { startTrayHost } from '../tray-host.mjs';

const cache = path.join(repoRoot, 'target', 'e2e-cache');
const here = path.dirname(fileURLToPath(import.meta.url));

/** Whether something listens on the instance socket. */
function answers(socket) {
  return new Promise((resolve) => {
    const conn = net.connect(socket, () => {
      conn.destroy();
      resolve(true);
    });
    conn.on('error', () => resolve(false));
  });
}

/** The pid of the session's notification server, or null (asking does not start one). */
function notificationServer() {
  const owner = spawnSync('gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.GetConnectionUnixProcessID', 'org.freedesktop.Notifications']);
  const pid = Number(owner.stdout.toString().match(/uint32 (\d+)/)?.[1]);
  return pid || null;
}

/** A picture of the whole screen (the window and the notification server's bubbles). */
function screenPicture(name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  const xwd = execFileSync('xwd', ['-root', '-silent'], { maxBuffer: 64 << 20 });
  const pnm = execFileSync('xwdtopnm', [], { input: xwd, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'ignore'] });
  fs.writeFileSync(file, execFileSync('pnmtopng', [], { input: pnm, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'ignore'] }));
  console.log(`screenshot: ${file}`);
}

describe('on the desktop', () => {
  const dirs = scratchHome('desktop');
  const socket = path.join(dirs.data, 'Cloudpick', 'instance.sock');
  const adminToken = 'desktop-admin-token';
  const env = { CLOUDPICK_DEMO: '1', XDG_CACHE_HOME: cache, CLOUDPICK_TEST_HOOKS: '1', CLOUDPICK_DEMO_ADMIN_TOKEN: adminToken };
  const beach = pseudoRandomBytes(900_000, 21);
  const drop = path.join(dirs.home, 'Desktop');
  let app;
  let tray;
  let item;
  let dunst;
  let monitor;
  let notified = '';
  let emulator;

  before(async () => {
    fs.mkdirSync(cache, { recursive: true });
    fs.mkdirSync(path.join(drop, 'Trip', 'Day 1', 'Evening'), { recursive: true });
    fs.mkdirSync(path.join(drop, 'Trip', 'Empty'), { recursive: true });
    fs.writeFileSync(path.join(drop, 'Trip', 'notes.txt'), 'day one\n');
    fs.writeFileSync(path.join(drop, 'Trip', 'Day 1', 'beach.jpg'), beach);
    fs.writeFileSync(path.join(drop, 'Trip', 'Day 1', 'Evening', 'sunset.jpg'), 'sunset');
    fs.writeFileSync(path.join(drop, 'loose.txt'), 'on its own\n');
    // The desktop's notification server, drawn as in the README. One that
    // D-Bus started for an earlier test of this (private) session gives way.
    for (let tries = 0; !dunst && tries < 5; tries++) {
      const before = notificationServer();
      if (before) process.kill(before);
      await until(() => notificationServer() !== before, 'the earlier notification server to go', 5_000).catch(() => {});
      const ours = spawn('dunst', ['-config', path.join(here, '..', 'dunstrc')], { stdio: 'ignore' });
      await until(() => notificationServer() !== null, 'a notification server', 5_000).catch(() => {});
      if (notificationServer() === ours.pid) dunst = ours;
      else ours.kill();
    }
    assert.ok(dunst, 'dunst serves the notifications');
    monitor = spawn('dbus-monitor', ["interface='org.freedesktop.Notifications',member='Notify'"]);
    monitor.stdout.on('data', (chunk) => (notified += chunk));
    tray = await startTrayHost();
    app = await launch(dirs, env);
    await app.browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
    item = await tray.firstItem();
  });

  after(async () => {
    await app?.stop().catch(() => {});
    tray?.stop();
    monitor?.kill();
    dunst?.kill();
  });

  it('puts an icon in the tray with Open picker, Recent activity, Pause transfers and Quit', async () => {
    const labels = (await tray.entries(item)).map((e) => e.label);
    assert.deepEqual(labels, ['Open picker', 'Recent activity', 'Pause transfers', 'Quit']);
  });

  it('saves files and folders dropped on the window to the cloud folder on screen, folders and all', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Photos"]').click();
    await browser.$('[data-name="Meadow.png"]').waitForDisplayed({ timeout: 20_000 });
    await tellApp(socket, { do: 'dragEnter' });
    await browser.$('[data-view="drop-zone"]').waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf(browser, '[data-view="drop-zone"]'), /Drop to save to Dropbox · demo@cloudpick\.invalid\/Photos/);
    await screenshot(browser, 'drop-zone');
    spawnSync('dunstctl', ['close-all']);
    notified = '';
    await tellApp(socket, { do: 'drop', paths: [path.join(drop, 'Trip'), path.join(drop, 'loose.txt')] });
    await browser.waitUntil(async () => (await textOf(browser, '[data-view="drop-task"]')).includes('4 files saved'), {
      timeout: 30_000,
      timeoutMsg: 'the drop is saved',
    });
    assert.match(await textOf(browser, '[data-view="drop-task"]'), /4 files saved to Dropbox · demo@cloudpick\.invalid\/Photos/);
    assert.equal(await browser.$('[data-view="drop-zone"]').isExisting(), false, 'the drop zone is gone');
    await screenshot(browser, 'drop-saved');
    await browser.$('[data-view="drop-task"] [data-action="close-drop"]').click();
    // The folder on screen shows them; the structure is kept, the empty folder too.
    await browser.$('[data-name="Trip"]').waitForDisplayed({ timeout: 10_000 });
    assert.ok(await browser.$('[data-name="loose.txt"]').isExisting());
    await browser.$('[data-name="Trip"]').click();
    await browser.$('[data-name="Empty"]').waitForDisplayed({ timeout: 10_000 });
    await browser.$('[data-name="Day 1"]').click();
    await browser.$('[data-name="Evening"]').waitForDisplayed({ timeout: 10_000 });
    // And the dropped photo comes back from Dropbox with its bytes.
    await browser.$('[data-name="beach.jpg"]').click();
    await browser.$('[data-action="upload"]').click();
    await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 30_000 });
    assert.equal(sha256(path.join(dirs.data, 'Cloudpick', 'picked', 'beach.jpg')), sha256(path.join(drop, 'Trip', 'Day 1', 'beach.jpg')));
  });

  it('notifies the desktop of each batch, summed up, and opens Activity when the notification is clicked', async () => {
    const { browser } = app;
    await until(() => notified.includes('4 files saved to Dropbox/Photos'), 'the drop’s notification on D-Bus');
    assert.match(notified, /string "Cloudpick"/, 'sent as Cloudpick');
    assert.match(notified, /string "notes\.txt, beach\.jpg, sunset\.jpg and 1 more"/, 'the files named in the body');
    await until(() => notified.includes('beach.jpg uploaded to'), 'the pick’s notification');
    screenPicture('notification');
    // A click on the newest: Activity, with the save listed.
    await browser.$('button=Pick more').click();
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Photos"]').click();
    await browser.$('[data-name="Meadow.png"]').waitForDisplayed({ timeout: 10_000 });
    spawnSync('dunstctl', ['close-all']);
    notified = '';
    await tellApp(socket, { do: 'drop', paths: [path.join(drop, 'loose.txt')] });
    await until(() => notified.includes('loose (1).txt saved to Dropbox/Photos'), 'the second drop’s notification');
    await until(() => spawnSync('dunstctl', ['count', 'displayed']).stdout.toString().trim() === '1', 'the bubble on screen');
    assert.equal(spawnSync('dunstctl', ['action', '0']).status, 0);
    await browser.$('[data-view="activity"]').waitForDisplayed({ timeout: 10_000 });
    assert.match(await textOf(browser, '[data-view="activity"]'), /saved to a drive/);
    if (await browser.$('[data-action="close-drop"]').isExisting()) await browser.$('[data-action="close-drop"]').click();
    const json = await browser.execute(() => document.querySelector('[data-view="activity"] [data-field="json"]')?.textContent ?? '');
    emulator = json.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
    assert.ok(emulator, 'the saved files’ links name the demo drives’ address');
  });

  it('turns notifications off in Settings', async () => {
    const { browser } = app;
    await browser.$('[data-place="settings"]').click();
    const box = await browser.$('input[name="notifications"]');
    assert.equal(await box.isSelected(), true, 'on by default');
    await box.parentElement().click();
    await browser.$('[data-saved="notifications"]').waitForDisplayed({ timeout: 5_000 });
    await browser.waitUntil(
      () => fs.existsSync(path.join(dirs.config, 'Cloudpick', 'config.toml')) && fs.readFileSync(path.join(dirs.config, 'Cloudpick', 'config.toml'), 'utf8').includes('notifications = false'),
      { timeout: 10_000, timeoutMsg: 'the setting is saved' },
    );
    notified = '';
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Photos"]').waitForDisplayed({ timeout: 10_000 });
    await browser.$('[data-name="Photos"]').click();
    await browser.$('[data-name="Meadow.png"]').waitForDisplayed({ timeout: 10_000 });
    await tellApp(socket, { do: 'drop', paths: [path.join(drop, 'loose.txt')] });
    await browser.waitUntil(async () => (await textOf(browser, '[data-view="drop-task"]')).includes('1 file saved'), { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(notified.includes('saved to Dropbox'), false, 'no notification once they are off');
    await browser.$('[data-view="drop-task"] [data-action="close-drop"]').click();
    await browser.$('[data-place="settings"]').click();
    await browser.$('input[name="notifications"]').parentElement().click();
    await browser.waitUntil(() => !fs.readFileSync(path.join(dirs.config, 'Cloudpick', 'config.toml'), 'utf8').includes('notifications'), { timeout: 10_000 });
  });

  it('opens the views from the tray menu, and pauses and resumes transfers', async () => {
    const { browser } = app;
    await tray.click(item, 'Open picker');
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Photos"]').waitForDisplayed({ timeout: 10_000 });
    await tray.click(item, 'Recent activity');
    await browser.$('[data-view="activity"]').waitForDisplayed({ timeout: 10_000 });
    await tray.click(item, 'Open picker');
    await browser.$('[data-view="activity"]').waitForDisplayed({ reverse: true, timeout: 10_000 });
    await tray.click(item, 'Pause transfers');
    await until(async () => (await tray.entries(item)).some((e) => e.label === 'Resume transfers'), 'Resume transfers in the menu');
    await tray.click(item, 'Resume transfers');
    await until(async () => (await tray.entries(item)).some((e) => e.label === 'Pause transfers'), 'Pause transfers in the menu again');
  });

  it('runs once: a second start brings the running window up and ends', async () => {
    const { browser } = app;
    await browser.$('[data-place="activity"]').click();
    const second = spawn(appBinary, [], {
      env: { ...process.env, HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: cache },
      stdio: 'ignore',
    });
    const code = await new Promise((resolve) => second.on('exit', resolve));
    assert.equal(code, 0);
    await browser.$('[data-view="activity"]').waitForDisplayed({ reverse: true, timeout: 10_000 });
    assert.ok(await answers(socket), 'the first one still runs');
  });

  it('hands a file dragged out of the window to the desktop as a local file with its bytes', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Photos"]').click();
    // A press on the file (it is selected) starts getting it ready.
    await browser.$('[data-name="Meadow.png"]').click();
    // The drag itself, injected as WebKit starts it, with a data transfer that
    // records what the page hands the desktop (WebKit's own is read-only
    // outside a real drag).
    const dragged = async () =>
      browser.execute(() => {
        const data = {};
        const dataTransfer = { effectAllowed: 'all', setData: (type, value) => (data[type] = value) };
        const event = new DragEvent('dragstart', { bubbles: true, cancelable: true });
        Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
        const started = document.querySelector('[data-name="Meadow.png"]').dispatchEvent(event);
        return { started, uris: data['text/uri-list'] ?? '', allowed: dataTransfer.effectAllowed };
      });
    let drag;
    await until(async () => (drag = await dragged()).started, 'the file to be ready to drag');
    assert.equal(drag.allowed, 'copy');
    const uris = drag.uris.split('\r\n');
    assert.equal(uris.length, 1);
    const handed = fileURLToPath(uris[0]);
    assert.ok(handed.startsWith(path.join(cache, 'cloudpick', 'dragged')), handed);
    // The file manager copies it where it was dropped.
    const dropped = path.join(dirs.home, 'Desktop', 'Meadow.png');
    fs.copyFileSync(handed, dropped);
    assert.equal(sha256(dropped), sha256(path.join(cache, 'cloudpick', 'demo-seed-v1', 'Photos', 'Meadow.png')));
    await browser.$('[data-action="clear-selection"]').click();
  });

  it('hides to the tray when closed during a transfer, and quits when it is done', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Photos"]').click();
    await browser.$('[data-name="Meadow.png"]').waitForDisplayed({ timeout: 10_000 });
    // The next upload to Dropbox takes a while, as on a slow line.
    const fault = { path_contains: 'files/upload', method: 'POST', fault: { kind: 'delay', millis: 5000 }, times: 1 };
    const post = (headers) => fetch(`${emulator}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(fault) });
    assert.equal((await post({})).status, 401, 'no fault without the run’s admin token');
    const added = await post({ authorization: `Bearer ${adminToken}` });
    assert.equal(added.ok, true);
    notified = '';
    await tellApp(socket, { do: 'drop', paths: [path.join(drop, 'Trip', 'notes.txt')] });
    await browser.waitUntil(async () => (await textOf(browser, '[data-view="drop-task"]')).includes('Saving'), { timeout: 10_000 });
    await tellApp(socket, { do: 'close' });
    await until(() => notified.includes('Cloudpick goes on in the tray'), 'the notice that it goes on in the tray');
    assert.ok(await answers(socket), 'still running while the upload goes on');
    assert.ok(tray.items.length >= 1, 'the tray icon stays');
    await until(() => notified.includes('notes.txt saved to Dropbox/Photos'), 'the upload’s notification', 30_000);
    await until(async () => !(await answers(socket)), 'the app to quit once the upload is done', 15_000);
  });
});

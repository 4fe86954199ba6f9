// Starts the real Cloudpick binary under tauri-driver (WebKitWebDriver) with a
// scratch HOME, and gives tests a WebDriver session plus helpers.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, 'target');
export const appBinary = process.env.CLOUDPICK_BINARY ?? path.join(targetDir, 'debug', 'cloudpick');
export const screenshotDir = path.join(targetDir, 'e2e-screenshots');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${timeoutMs} ms`);
}

/** A scratch home folder with XDG folders inside, as a new user has. */
export function scratchHome(name) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `cloudpick-e2e-${name}-`));
  const dirs = {
    home,
    config: path.join(home, '.config'),
    data: path.join(home, '.local', 'share'),
    cache: path.join(home, '.cache'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  return dirs;
}

/** Process groups started by launch() and not yet ended. */
const launched = new Set();
process.on('exit', () => {
  for (const pgid of launched) signalGroup(pgid, 'SIGKILL');
});

/** Sends `signal` to the process group `pgid`; false once no process is left in it. */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Ends every process of the group `pgid`: TERM, then KILL after five seconds
 * (a zombie nobody reaps still counts as there, so give up after ten). */
async function endGroup(pgid) {
  signalGroup(pgid, 'SIGTERM');
  const started = Date.now();
  while (signalGroup(pgid, 0) && Date.now() - started < 10_000) {
    if (Date.now() - started > 5_000) signalGroup(pgid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
  launched.delete(pgid);
}

/** Launches the app (with command-line `args`) and returns `{browser, stop}`. */
export async function launch(dirs, extraEnv = {}, args = []) {
  if (!fs.existsSync(appBinary)) throw new Error(`No app binary at ${appBinary}: run make build first`);
  const port = await freePort();
  const nativePort = await freePort();
  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    // The demo's S3 (moto) only where a spec names a server (store_s3): the
    // other demo launches need not wait for it.
    CLOUDPICK_DEMO_S3: 'off',
    ...extraEnv,
  };
  // Its own process group: tauri-driver, WebKitWebDriver and the app it starts
  // all end together in stop(), whatever state the app is left in.
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  launched.add(driver.pid);
  await waitForPort(port, 20_000);
  // tauri-driver listens at once; WebKitWebDriver behind it takes a moment.
  await waitForPort(nativePort, 20_000);
  let browser;
  try {
    browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'warn',
      capabilities: { 'tauri:options': { application: appBinary, args } },
    });
  } catch (err) {
    // No session, no stop(): end the driver here, or it keeps the run alive.
    await endGroup(driver.pid);
    throw err;
  }
  const stop = async () => {
    try {
      await browser.deleteSession();
    } finally {
      await endGroup(driver.pid);
    }
  };
  return { browser, stop, group: driver.pid };
}

/** The demo seed, drawn once and shared by every run. */
export const demoCache = path.join(repoRoot, 'target', 'e2e-cache');

/** Launches the app on the demo drives, in `theme` (`light` or `dark`). */
export function launchDemo(dirs, theme = 'light', extraEnv = {}) {
  fs.mkdirSync(demoCache, { recursive: true });
  const dark = theme === 'dark' ? { GTK_THEME: 'Adwaita:dark' } : {};
  return launch(dirs, { CLOUDPICK_DEMO: '1', XDG_CACHE_HOME: demoCache, ...dark, ...extraEnv });
}

/** Saves a PNG of what the window shows now, and prints its path. */
export async function screenshot(browser, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  // Two animation frames, or the picture shows the previous frame. A window
  // that is not being painted gets no frames, hence the timer as well.
  await browser.execute(
    () =>
      new Promise((done) => {
        setTimeout(() => done(true), 250);
        requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
      }),
  );
  const file = path.join(screenshotDir, `${name}.png`);
  // WebKit hands the first snapshot of a window the last frame it composited,
  // which can be one from before the last clicks: take it twice.
  await browser.takeScreenshot();
  await browser.saveScreenshot(file);
  console.log(`screenshot: ${file}`);
  return file;
}

/** A PNG chunk of `type` holding `data`, with its length and checksum. */
export function pngChunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of `width`×`height` grey pixels. */
export function png(width, height) {
  const chunk = pngChunk;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Bytes that are the same on every run but look random. */
export function pseudoRandomBytes(length, seed) {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The rendered text of the first element matching `selector` ('' if none). */
export async function textOf(browser, selector) {
  return browser.execute((sel) => document.querySelector(sel)?.innerText ?? '', selector);
}

/** Waits for `check()` to be true, polling. */
export async function until(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The app's own process among the group `launch()` started (not its web process). */
export function appPid(group) {
  const binary = fs.realpathSync(appBinary);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === group && fs.realpathSync(`/proc/${entry}/exe`) === binary) return Number(entry);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return null;
}

/** A process's peak resident memory so far, in MiB (VmHWM). */
export function peakRssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/^VmHWM:\s+(\d+) kB/m)[1]) / 1024;
}

/** Sends `request` to the running app's instance socket (`{do: ...}`). */
export function tellApp(socket, request) {
  return new Promise((resolve, reject) => {
    const conn = net.connect(socket, () => conn.end(`${JSON.stringify(request)}\n`, resolve));
    conn.on('error', reject);
  });
}

// The command line, as scripts use it, against the demo drives: `accounts`,
// `ls`, `save` and `convert` without a window, and `pick` handed to the
// running app (one instance) with its answer on the script's own stdout,
// every exit code (0 done, 1 cancelled, 2 error) and every option checked.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appBinary, launch, png, repoRoot, scratchHome, tellApp, textOf, until } from '../harness.mjs';

const cache = path.join(repoRoot, 'target', 'e2e-cache');

function envOf(dirs, extra = {}) {
  return {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: cache,
    CLOUDPICK_DEMO_S3: 'off',
    ...extra,
  };
}

/** Runs `cloudpick args...` to the end: {code, stdout, stderr}. */
function cloudpick(dirs, args) {
  const run = spawnSync(appBinary, args, { env: envOf(dirs), encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `cloudpick args...`; `done` resolves with {code, stdout, stderr}. */
function started(dirs, args, extra = {}) {
  const child = spawn(appBinary, args, { env: envOf(dirs, extra) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Dropbox's content hash: SHA-256 of the SHA-256 of each 4 MiB block. */
function dropboxHash(bytes) {
  const blocks = [];
  for (let at = 0; at < bytes.length; at += 4 * 1024 * 1024) {
    blocks.push(createHash('sha256').update(bytes.subarray(at, at + 4 * 1024 * 1024)).digest());
  }
  return createHash('sha256').update(Buffer.concat(blocks)).digest('hex');
}

/** A WebP file's width and height, from its VP8/VP8L/VP8X header. */
function webpSize(bytes) {
  assert.equal(bytes.toString('ascii', 0, 4), 'RIFF');
  assert.equal(bytes.toString('ascii', 8, 12), 'WEBP');
  const chunk = bytes.toString('ascii', 12, 16);
  if (chunk === 'VP8X') return [1 + bytes.readUIntLE(24, 3), 1 + bytes.readUIntLE(27, 3)];
  if (chunk === 'VP8L') {
    const b = bytes.readUInt32LE(21);
    return [1 + (b & 0x3fff), 1 + ((b >> 14) & 0x3fff)];
  }
  return [bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff];
}

/** Checks a result against Filestack's shape, as the README documents it. */
function assertResultShape(result) {
  assert.deepEqual(Object.keys(result).sort(), ['filesFailed', 'filesUploaded']);
  for (const file of result.filesUploaded) {
    for (const key of ['filename', 'handle', 'mimetype', 'originalPath', 'size', 'source', 'url', 'key', 'container', 'status', 'uploadId']) {
      assert.ok(key in file, `filesUploaded[].${key} in ${JSON.stringify(file)}`);
    }
  }
  for (const file of result.filesFailed) {
    assert.deepEqual(Object.keys(file).sort(), ['error', 'filename', 'originalPath', 'source']);
  }
}

describe('the command line without a window', () => {
  const dirs = scratchHome('cli');
  const report = Buffer.from('Quarterly numbers: up and to the right\n');

  before(() => {
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(dirs.home, 'report.txt'), report);
    fs.writeFileSync(path.join(dirs.home, 'photo.png'), png(800, 600));
    fs.writeFileSync(path.join(dirs.home, 'broken.jpg'), Buffer.from('ffd8ffe000104a46', 'hex'));
    fs.mkdirSync(path.join(dirs.home, 'out'));
  });

  it('prints its help, and refuses an unknown option with exit 2', () => {
    const help = cloudpick(dirs, ['pick', '--help']);
    assert.equal(help.code, 0);
    for (const option of ['--from', '--accept', '--min-files', '--max-files', '--max-size', '--store-to', '--link-only']) {
      assert.ok(help.stdout.includes(option), `pick --help names ${option}`);
    }
    const bad = cloudpick(dirs, ['ls', 'dropbox:/', '--colour']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--colour/);
  });

  it('lists the connected drives, as text and as JSON', () => {
    const text = cloudpick(dirs, ['--demo', 'accounts']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^dropbox:demo@cloudpick\.invalid\s+Dropbox\s+Demo · Demo User$/m);
    assert.match(text.stdout, /^local\s+This computer\s+Files on this device$/m);
    const json = JSON.parse(cloudpick(dirs, ['--demo', 'accounts', '--json']).stdout);
    assert.deepEqual(json.map((s) => s.provider), ['onedrive', 'dropbox', 'box', 'alfresco', 'clouddrive', 'local']);
    assert.ok(json.every((s) => s.connected));
  });

  it('lists a folder, a file, and says what is missing with exit 2', () => {
    const root = cloudpick(dirs, ['--demo', 'ls', 'dropbox:/']);
    assert.equal(root.code, 0, root.stderr);
    assert.match(root.stdout, /^d\s+-\s+-\s+Documents\/$/m);
    assert.match(root.stdout, /^-\s+37 B\s+\S+ \S+\s+Welcome\.txt$/m);
    const docs = JSON.parse(cloudpick(dirs, ['--demo', 'ls', 'OneDrive:/Documents', '--json']).stdout);
    assert.ok(docs.some((i) => i.name === 'Quarterly report.pdf' && i.kind === 'file' && i.displayPath === '/Documents/Quarterly report.pdf'));
    const one = JSON.parse(cloudpick(dirs, ['--demo', 'ls', 'box:/Welcome.txt', '--json']).stdout);
    assert.deepEqual(one.map((i) => [i.name, i.size]), [['Welcome.txt', 37]]);
    const local = cloudpick(dirs, ['ls', `local:${dirs.home}`]);
    assert.match(local.stdout, /report\.txt/);

    const missing = cloudpick(dirs, ['--demo', 'ls', 'dropbox:/Nope/deeper']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /\/Nope\/deeper is not on Dropbox: there is no "Nope" in \//);
    const unknown = cloudpick(dirs, ['--demo', 'ls', 'gdrive:/']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /gdrive is not a drive/);
    const notConnected = cloudpick(dirs, ['ls', 'dropbox:/']);
    assert.equal(notConnected.code, 2);
    assert.match(notConnected.stderr, /Dropbox is not connected/);
  });

  it('saves a file to a drive under a new name, never replacing one unasked', () => {
    const saved = cloudpick(dirs, ['--demo', 'save', path.join(dirs.home, 'report.txt'), '--to', 'dropbox:/Reports', '--name', 'Q3.txt']);
    assert.equal(saved.code, 0, saved.stderr);
    const result = JSON.parse(saved.stdout);
    assertResultShape(result);
    const [file] = result.filesUploaded;
    assert.equal(file.filename, 'Q3.txt');
    assert.equal(file.size, report.length);
    assert.equal(file.key, 'Reports/Q3.txt');
    assert.deepEqual(file.hash, { algorithm: 'dropbox_content_hash', value: dropboxHash(report) });
    assert.match(file.url, /^http:\/\/127\.0\.0\.1:\d+\//);

    const twice = cloudpick(dirs, ['save', path.join(dirs.home, 'report.txt'), '--to', dirs.home]);
    assert.equal(twice.code, 2, 'report.txt is already there');
    const refused = JSON.parse(twice.stdout);
    assert.equal(refused.filesUploaded.length, 0);
    assert.deepEqual(refused.filesFailed, [], 'a taken name is not a failed file');
    assert.match(refused.filesTaken[0].error, /already in/);
    assert.match(twice.stderr, /add --on-conflict rename to keep both, or --on-conflict replace/);
    assert.ok(fs.readFileSync(path.join(dirs.home, 'report.txt')).equals(report), 'the file there is untouched');
    const renamed = JSON.parse(cloudpick(dirs, ['save', path.join(dirs.home, 'report.txt'), '--to', dirs.home, '--on-conflict', 'rename']).stdout);
    assert.equal(renamed.filesUploaded[0].filename, 'report (1).txt');
    assert.ok(fs.readFileSync(path.join(dirs.home, 'report (1).txt')).equals(report));

    const two = cloudpick(dirs, ['--demo', 'save', path.join(dirs.home, 'report.txt'), path.join(dirs.home, 'photo.png'), '--to', 'box:/Inbox']);
    assert.equal(two.code, 0, two.stderr);
    assert.deepEqual(JSON.parse(two.stdout).filesUploaded.map((f) => f.key), ['Inbox/report.txt', 'Inbox/photo.png']);
    const named = cloudpick(dirs, ['--demo', 'save', path.join(dirs.home, 'report.txt'), path.join(dirs.home, 'photo.png'), '--to', 'box:/Inbox', '--name', 'x']);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /A name is for one file/);

    // Amazon Cloud Drive makes no links: saved all the same, and it says so.
    const amazon = cloudpick(dirs, ['--demo', 'save', path.join(dirs.home, 'report.txt'), '--to', 'amazon:/Exports']);
    assert.equal(amazon.code, 0, amazon.stderr);
    const [exported] = JSON.parse(amazon.stdout).filesUploaded;
    assert.equal(exported.status, 'Stored (no link)');
    assert.equal(exported.key, 'Exports/report.txt');
    assert.match(exported.url, /^http:\/\/127\.0\.0\.1:\d+\/.*nodes\//);
    assert.deepEqual(exported.hash, { algorithm: 'md5', value: createHash('md5').update(report).digest('hex') });
  });

  it('converts an image to a folder, a file name and a drive, and refuses a broken one', () => {
    const out = path.join(dirs.home, 'out');
    const square = cloudpick(dirs, ['convert', path.join(dirs.home, 'photo.png'), '--width', '400', '--height', '400', '--fit', 'crop', '--crop-first', '--format', 'webp', '-o', `${out}/`]);
    assert.equal(square.code, 0, square.stderr);
    const result = JSON.parse(square.stdout);
    assertResultShape(result);
    assert.equal(result.filesUploaded[0].mimetype, 'image/webp');
    assert.deepEqual(webpSize(fs.readFileSync(path.join(out, 'photo.webp'))), [400, 400]);

    const turned = cloudpick(dirs, ['convert', path.join(dirs.home, 'photo.png'), '--width', '200', '--rotate', '90', '--quality', '80', '-o', path.join(out, 'turned.webp')]);
    assert.equal(turned.code, 0, turned.stderr);
    assert.deepEqual(webpSize(fs.readFileSync(path.join(out, 'turned.webp'))), [150, 200], 'resized to 200 wide, then turned');

    const again = cloudpick(dirs, ['convert', path.join(dirs.home, 'photo.png'), '--width', '50', '-o', path.join(out, 'turned.webp')]);
    assert.equal(again.code, 2);
    assert.deepEqual(webpSize(fs.readFileSync(path.join(out, 'turned.webp'))), [150, 200], 'not replaced unasked');
    const replaced = cloudpick(dirs, ['convert', path.join(dirs.home, 'photo.png'), '--width', '50', '-o', path.join(out, 'turned.webp'), '--on-conflict', 'replace']);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.deepEqual(webpSize(fs.readFileSync(path.join(out, 'turned.webp'))), [50, 38]);

    const toDrive = cloudpick(dirs, ['--demo', 'convert', 'dropbox:/Photos/Harbour at dusk.jpg', '--width', '120', '--fit', 'max', '-o', 'onedrive:/Thumbs/beach.png']);
    assert.equal(toDrive.code, 0, toDrive.stderr);
    const thumb = JSON.parse(toDrive.stdout).filesUploaded[0];
    assert.deepEqual([thumb.filename, thumb.mimetype, thumb.key], ['beach.png', 'image/png', 'Thumbs/beach.png']);

    const broken = cloudpick(dirs, ['convert', path.join(dirs.home, 'broken.jpg'), '--width', '10', '-o', `${out}/`]);
    assert.equal(broken.code, 2);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /broken\.jpg could not be converted/);
    assert.ok(!fs.existsSync(path.join(out, 'broken.jpg')));
    const badFit = cloudpick(dirs, ['convert', path.join(dirs.home, 'photo.png'), '--fit', 'squash', '-o', `${out}/`]);
    assert.equal(badFit.code, 2);
    assert.match(badFit.stderr, /"squash" is not one of the values/);
  });

  it('converts an iPhone-style HEIC to a JPEG, as the original format asks for web forms', () => {
    const out = path.join(dirs.home, 'out-heic');
    fs.mkdirSync(out);
    const heic = path.join(dirs.home, 'IMG_0042.HEIC');
    const made = spawnSync('heif-enc', ['-q', '80', '-o', heic, path.join(dirs.home, 'photo.png')]);
    assert.equal(made.status, 0, `heif-enc: ${made.stderr}`);
    const converted = cloudpick(dirs, ['convert', heic, '--width', '200', '-o', `${out}/`]);
    assert.equal(converted.code, 0, converted.stderr);
    const [file] = JSON.parse(converted.stdout).filesUploaded;
    assert.deepEqual([file.filename, file.mimetype], ['IMG_0042.jpg', 'image/jpeg']);
    assert.deepEqual(jpegSize(fs.readFileSync(path.join(out, 'IMG_0042.jpg'))), [200, 150]);
  });
});

/** A JPEG's [width, height], from its frame header. */
function jpegSize(bytes) {
  for (let at = 2; at + 9 < bytes.length; ) {
    const marker = bytes[at + 1];
    if (marker >= 0xc0 && marker <= 0xc2) return [bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5)];
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return null;
}

describe('cloudpick pick', () => {
  const dirs = scratchHome('cli-pick');
  const socket = path.join(dirs.data, 'Cloudpick', 'instance.sock');
  const stored = path.join(dirs.home, 'Picked by script');
  let app;

  before(async () => {
    fs.mkdirSync(stored);
    app = await launch(dirs, { CLOUDPICK_DEMO: '1', CLOUDPICK_TEST_HOOKS: '1', XDG_CACHE_HOME: cache });
    await app.browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
  });

  after(async () => {
    await app?.stop();
  });

  it('refuses a drive or a location that does not exist, with exit 2 and no window', async () => {
    for (const [args, says] of [
      [['pick', '--from', 'dropbox,gdrive'], /gdrive is not a drive/],
      [['pick', '--store-to', 'nowhere'], /not a storage location/],
      [['pick', '--max-size', 'huge'], /huge/],
    ]) {
      const run = cloudpick(dirs, args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, says);
    }
  });

  it('hands a pick to the running app and prints its result on its own stdout', async () => {
    const { browser } = app;
    const script = started(dirs, ['pick', '--from', 'dropbox,local', '--accept', 'text/*,.pdf', '--max-files', '2', '--store-to', `local:${stored}`]);
    await browser.$('[data-testid="script-pick"]').waitForDisplayed({ timeout: 20_000 });
    const shown = await browser.execute(() => [...document.querySelectorAll('.sidebar [data-provider]')].map((b) => b.dataset.provider));
    assert.deepEqual(shown, ['dropbox', 'local'], 'only the drives --from names');
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Photos"]').click();
    const photo = await browser.$('.pickable.refused');
    await photo.waitForExist({ timeout: 20_000 });
    assert.equal(await photo.getAttribute('title'), 'Only text/*, .pdf can be picked', '--accept refuses images');
    await browser.$('[data-provider="dropbox"]').click();
    await browser.$('[data-name="Welcome.txt"]').click();
    await browser.$('[data-action="upload"]').click();
    const { code, stdout, stderr } = await script.done;
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    assertResultShape(result);
    assert.deepEqual(result.filesUploaded.map((f) => [f.filename, f.size, f.container, f.source]), [['Welcome.txt', 37, stored, 'dropbox']]);
    assert.equal(fs.statSync(path.join(stored, 'Welcome.txt')).size, 37);
    assert.equal(result.filesUploaded[0].url, `file://${encodeURI(path.join(stored, 'Welcome.txt'))}`);
  });

  it('links instead of copying with --link-only, and holds --min-files and --max-size', async () => {
    const { browser } = app;
    const script = started(dirs, ['pick', '--from', 'box', '--link-only', '--min-files', '2', '--max-size', '1MB']);
    await until(async () => (await textOf(browser, '.sidebar')).includes('A script is waiting') && (await browser.$('[data-provider="local"]').isExisting()) === false, 'the next script pick');
    await browser.$('[data-provider="box"]').click();
    await browser.$('[data-name="Welcome.txt"]').click();
    assert.equal(await browser.$('[data-action="upload"]').isEnabled(), false, 'one file is fewer than --min-files 2');
    await browser.$('[data-name="Documents"]').click();
    await browser.$('[data-name="Quarterly report.pdf"]').click();
    await browser.$('[data-action="upload"]').click();
    const { code, stdout, stderr } = await script.done;
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    assert.deepEqual(result.filesUploaded.map((f) => [f.filename, f.status]), [['Welcome.txt', 'Linked'], ['Quarterly report.pdf', 'Linked']]);
    assert.ok(result.filesUploaded.every((f) => /^http:\/\/127\.0\.0\.1:\d+\//.test(f.url)), 'each url is its drive share link');
  });

  it('answers exit 1 with nothing on stdout when the window is closed, and 2 to a second pick at once', async () => {
    const first = started(dirs, ['pick', '--from', 'onedrive']);
    await until(async () => (await app.browser.$('[data-provider="onedrive"]').isExisting()) && !(await app.browser.$('[data-provider="box"]').isExisting()), 'the onedrive pick');
    const second = cloudpick(dirs, ['pick']);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /another pick/);
    await tellApp(socket, { do: 'close' });
    const { code, stdout } = await first.done;
    assert.equal(code, 1);
    assert.equal(stdout, '');
  });
});

describe('cloudpick save without a folder', () => {
  const dirs = scratchHome('cli-save');
  const notes = Buffer.from('Saved through the dialog\n');
  let app;

  before(async () => {
    fs.writeFileSync(path.join(dirs.home, 'notes.txt'), notes);
    app = await launch(dirs, { CLOUDPICK_DEMO: '1', XDG_CACHE_HOME: cache });
    await app.browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
  });

  after(async () => {
    await app?.stop();
  });

  it('opens the save dialog on the drive --to names, and prints what it saved', async () => {
    const { browser } = app;
    const script = started(dirs, ['save', path.join(dirs.home, 'notes.txt'), '--to', 'onedrive', '--name', 'Via the dialog.txt']);
    await browser.$('[data-view="save"]').waitForDisplayed({ timeout: 20_000 });
    assert.equal(await browser.$('[data-field="save-name"]').getValue(), 'Via the dialog.txt');
    await until(async () => (await textOf(browser, '[data-field="save-where"]')).startsWith('OneDrive'), 'OneDrive chosen');
    await browser.$('[data-folder="Documents"]').click();
    await until(async () => (await textOf(browser, '[data-field="save-where"]')).endsWith('/Documents'), 'Documents opened');
    await browser.$('[data-action="save"]').click();
    await browser.$('[data-view="save-result"]').waitForDisplayed({ timeout: 30_000 });
    await browser.$('button=Done').click();
    const { code, stdout, stderr } = await script.done;
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    assertResultShape(result);
    assert.deepEqual(result.filesUploaded.map((f) => [f.filename, f.key, f.size]), [['Via the dialog.txt', 'Documents/Via the dialog.txt', notes.length]]);
  });

  it('exits 1 when the dialog is cancelled, and 2 for a file that is not there', async () => {
    const script = started(dirs, ['save', path.join(dirs.home, 'notes.txt')]);
    await app.browser.$('[data-view="save"]').waitForDisplayed({ timeout: 20_000 });
    await app.browser.$('[data-view="save"]').$('button=Cancel').click();
    const { code, stdout } = await script.done;
    assert.equal(code, 1);
    assert.equal(stdout, '');
    const missing = cloudpick(dirs, ['save', path.join(dirs.home, 'gone.txt')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /gone\.txt does not exist/);
  });
});

describe('cloudpick pick as the first instance', () => {
  it('opens its own window, and exits 1 with nothing printed when it is closed', async () => {
    const dirs = scratchHome('cli-own');
    const socket = path.join(dirs.data, 'Cloudpick', 'instance.sock');
    const own = started(dirs, ['--demo', 'pick', '--from', 'dropbox'], { CLOUDPICK_TEST_HOOKS: '1' });
    await until(() => fs.existsSync(socket), 'the window', 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    await tellApp(socket, { do: 'close' });
    const { code, stdout, stderr } = await own.done;
    assert.equal(code, 1, stderr);
    assert.equal(stdout, '');
  });
});

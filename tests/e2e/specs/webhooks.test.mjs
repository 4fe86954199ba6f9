// Webhooks in the real window: two URLs with their own events set in
// Settings, the signing secret shown on demand and never written to a file,
// a test event, the fp.upload and fp.export of a real pick and save reaching
// a receiver on loopback with signatures checked here by node's own HMAC,
// and the delivery log following a failing receiver through its retries
// (the app's clock moved on through the test hook) to Failed, then Replay.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, repoRoot, scratchHome, screenshot, tellApp, textOf, until } from '../harness.mjs';

const cache = path.join(repoRoot, 'target', 'e2e-cache');

/** A receiver: /good answers 200; /flaky answers 500 until `flakyUp`, then 204. */
function startReceiver() {
  const receiver = { got: [], flakyUp: false };
  receiver.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      receiver.got.push({ path: req.url, headers: req.headers, raw, body: JSON.parse(raw) });
      const code = req.url === '/good' ? 200 : receiver.flakyUp ? 204 : 500;
      res.writeHead(code).end();
    });
  });
  return new Promise((resolve) => {
    receiver.server.listen(0, '127.0.0.1', () => {
      receiver.base = `http://127.0.0.1:${receiver.server.address().port}`;
      resolve(receiver);
    });
  });
}

function signatureIsValid(request, secret) {
  const timestamp = request.headers['fs-timestamp'];
  const expected = createHmac('sha256', secret).update(`${timestamp}.${request.raw}`).digest('hex');
  return request.headers['fs-signature'] === expected;
}

/** Types into a field the way a user does, for Svelte to hear it. */
async function type(browser, selector, value) {
  await browser.execute(
    (sel, v) => {
      const input = document.querySelector(sel);
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    selector,
    value,
  );
}

/** The delivery log's cells for the newest delivery to `url` of `action`. */
function logRow(browser, url, action) {
  return browser.execute(
    (u, a) => {
      const row = [...document.querySelectorAll('[data-delivery]')].find((r) => r.querySelector('.url').dataset.url === u && r.textContent.includes(a));
      if (!row) return null;
      const cell = (f) => row.querySelector(`[data-field="${f}"]`).textContent.trim();
      return { status: cell('status'), attempts: cell('attempts'), response: cell('response'), next: cell('next'), replay: !!row.querySelector('[data-action="replay"]') };
    },
    url,
    action,
  );
}

describe('webhooks', () => {
  const dirs = scratchHome('webhooks');
  const socket = path.join(dirs.data, 'Cloudpick', 'instance.sock');
  let app;
  let receiver;
  let secret;

  before(async () => {
    receiver = await startReceiver();
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(dirs.home, 'notes.txt'), 'Remember the milk\n');
    app = await launch(dirs, { CLOUDPICK_DEMO: '1', CLOUDPICK_TEST_HOOKS: '1', XDG_CACHE_HOME: cache });
  });

  after(async () => {
    await app?.stop();
    receiver?.server.close();
  });

  it('keeps two URLs with their own events, and the secret out of every file', async () => {
    const { browser } = app;
    await browser.$('[data-provider="dropbox"]').waitForDisplayed({ timeout: 90_000 });
    await browser.$('button=Settings').click();
    await browser.$('[data-action="add-webhook"]').waitForDisplayed({ timeout: 5_000 });
    await browser.$('[data-action="add-webhook"]').click();
    await type(browser, '#hook-0', `${receiver.base}/good`);
    await browser.$('[data-action="add-webhook"]').click();
    await type(browser, '#hook-1', `${receiver.base}/flaky`);
    await browser.$('[data-webhook="1"] input[name="all"]').click();
    await browser.$('[data-webhook="1"] input[name="fp.upload"]').click();
    await browser.$('[data-webhook="1"] input[name="fp.converse"]').click();
    // Each change is applied as it is made: the file gets the last one.
    const file = path.join(dirs.config, 'Cloudpick', 'config.toml');
    await until(() => fs.existsSync(file) && /events = \["fp.export"\]/.test(fs.readFileSync(file, 'utf8')), 'the events saved');
    await browser.$('[data-saved="webhooks"]').waitForDisplayed({ timeout: 5_000 });
    const config = fs.readFileSync(file, 'utf8');
    assert.match(config, new RegExp(`url = "${receiver.base}/good"\\s+events = \\["all"\\]`));
    assert.match(config, new RegExp(`url = "${receiver.base}/flaky"\\s+events = \\["fp.export"\\]`));

    // Made on first use, in the keyring, as Settings opens.
    await until(async () => /^•+$/.test(await textOf(browser, '[data-field="secret"]')), 'the secret, hidden until asked for').catch(async (e) => {
      throw new Error(`${e.message}: ${await textOf(browser, '[data-testid="signing-secret"]')}`);
    });
    await browser.$('[data-action="show-secret"]').click();
    secret = (await textOf(browser, '[data-field="secret"]')).trim();
    assert.match(secret, /^[A-Za-z0-9_-]{32,}$/);
    for (const dir of [dirs.config, dirs.data]) {
      for (const file of fs.readdirSync(dir, { recursive: true })) {
        const full = path.join(dir, file);
        if (fs.statSync(full).isFile() && !full.endsWith('.sock')) {
          assert.ok(!fs.readFileSync(full).includes(secret), `the secret is not in ${full}`);
        }
      }
    }
  });

  it('sends a signed test event to one URL, and logs it as delivered', async () => {
    const { browser } = app;
    await browser.$('[data-action="show-secret"]').click();
    assert.match(await textOf(browser, '[data-field="secret"]'), /^•+$/, 'hidden again');
    await browser.$('[data-testid="webhooks"]').scrollIntoView();
    await screenshot(browser, 'webhooks-settings');
    await browser.$('[data-webhook="0"] [data-action="test-webhook"]').click();
    await until(() => receiver.got.some((r) => r.body.action === 'fp.test'), 'the test event');
    const test = receiver.got.find((r) => r.body.action === 'fp.test');
    assert.equal(test.path, '/good');
    assert.ok(signatureIsValid(test, secret), 'signed with the secret Settings shows');
    assert.ok(!receiver.got.some((r) => r.path === '/flaky'), 'the other URL gets no test event');
    await until(async () => (await logRow(browser, `${receiver.base}/good`, 'fp.test'))?.status === 'Delivered', 'the log row');
    assert.deepEqual(await logRow(browser, `${receiver.base}/good`, 'fp.test'), { status: 'Delivered', attempts: '1', response: 'HTTP 200', next: '—', replay: false });
  });

  it('posts fp.upload and fp.export of a real pick and save, each to the URLs that want it', async () => {
    const { browser } = app;
    await browser.$('[data-provider="local"]').click();
    await browser.$('[data-name="notes.txt"]').click();
    await browser.$('[data-action="upload"]').click();
    await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 20_000 });
    await until(() => receiver.got.some((r) => r.body.action === 'fp.upload'), 'fp.upload');
    const upload = receiver.got.find((r) => r.body.action === 'fp.upload');
    assert.equal(upload.path, '/good');
    assert.ok(signatureIsValid(upload, secret));
    assert.equal(upload.body.text.filename, 'notes.txt');
    assert.equal(upload.body.text.size, 18);
    assert.equal(upload.body.text.client, 'This computer');

    await browser.$('[data-action="save-result"]').click();
    await browser.$('[data-view="save"]').waitForDisplayed({ timeout: 5_000 });
    const labels = await browser.execute(() => [...document.querySelectorAll('[data-field="save-drive"] option')].map((o) => o.textContent.trim()));
    await browser.$('[data-field="save-drive"]').selectByIndex(labels.findIndex((l) => l.startsWith('Dropbox')));
    await browser.$('[data-folder="Documents"]').waitForDisplayed({ timeout: 20_000 });
    await browser.$('[data-action="save"]').click();
    await browser.$('[data-view="save-result"]').waitForDisplayed({ timeout: 60_000 });
    await browser.$('button=Done').click();
    await until(() => receiver.got.filter((r) => r.body.action === 'fp.export').length === 2, 'fp.export to both URLs');
    const exports = receiver.got.filter((r) => r.body.action === 'fp.export');
    assert.deepEqual(exports.map((r) => r.path).sort(), ['/flaky', '/good']);
    assert.equal(exports[0].body.id, exports[1].body.id, 'one event, one id, at both URLs');
    assert.equal(exports[0].body.text.filename, 'notes.txt');
    assert.match(exports[0].body.text.created, /^http/);
    assert.ok(exports.every((r) => signatureIsValid(r, secret)));
    assert.ok(!receiver.got.some((r) => r.path === '/flaky' && r.body.action !== 'fp.export'));
  });

  it('shows a failing delivery retried at +5 min, +1 h and +12 h, then failed, and replays it', async () => {
    const { browser } = app;
    const flaky = `${receiver.base}/flaky`;
    const attempts = () => receiver.got.filter((r) => r.path === '/flaky').length;
    await browser.$('button=Settings').click();
    await until(async () => (await logRow(browser, flaky, 'fp.export'))?.response === 'HTTP 500', 'the first failure in the log');
    assert.deepEqual(await logRow(browser, flaky, 'fp.export'), { status: 'Retrying', attempts: '1', response: 'HTTP 500', next: 'in 5 min', replay: false });
    await browser.$('[data-view="webhook-log"]').scrollIntoView();
    await screenshot(browser, 'webhooks');

    // The app's clock moves on; the window's does not, so it shows each due
    // time as seen from the first attempt: +1 h, then +12 h.
    for (const [seconds, count, next] of [[300, 2, 'in 1 h'], [3300, 3, 'in 12 h'], [39_600, 4, '—']]) {
      assert.equal(attempts(), count - 1, 'nothing is sent before it is due');
      await tellApp(socket, { do: 'advanceClock', seconds });
      await until(() => attempts() === count, `attempt ${count}`);
      await until(async () => (await logRow(browser, flaky, 'fp.export'))?.attempts === String(count), `attempt ${count} in the log`);
      assert.equal((await logRow(browser, flaky, 'fp.export')).next, next);
    }
    assert.deepEqual(await logRow(browser, flaky, 'fp.export'), { status: 'Failed', attempts: '4', response: 'HTTP 500', next: '—', replay: true });

    receiver.flakyUp = true;
    await browser.$('[data-state="failed"] [data-action="replay"]').scrollIntoView();
    await browser.$('[data-state="failed"] [data-action="replay"]').click();
    await until(async () => (await logRow(browser, flaky, 'fp.export'))?.status === 'Delivered', 'the replay delivered');
    assert.deepEqual(await logRow(browser, flaky, 'fp.export'), { status: 'Delivered', attempts: '5', response: 'HTTP 204', next: '—', replay: false });
    const sent = receiver.got.filter((r) => r.path === '/flaky');
    assert.equal(sent.length, 5);
    assert.equal(new Set(sent.map((r) => r.body.id)).size, 1, 'every attempt carries the same event id');
  });
});

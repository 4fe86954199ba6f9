// S3 as the storage location, on moto's S3 server (not ours): chosen in
// Settings in both themes, then a file picked from the demo Dropbox lands in
// the bucket. Its bytes are read back through boto3, the official SDK, and
// through the result's presigned link.
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appBinary, demoCache, freePort, launchDemo, repoRoot, scratchHome, screenshot, textOf, until } from '../harness.mjs';

const seed = path.join(demoCache, 'cloudpick', 'demo-seed-v1');
const python = path.join(repoRoot, 'tests', 'interop', '.venv', 'bin', 'python');
const sdk = path.join(repoRoot, 'tests', 'objects', 'sdk.py');

/** moto's S3 server on a free port, once it listens. */
async function startMoto() {
  const port = await freePort();
  const child = spawn(path.join(repoRoot, 'tests', 'interop', '.venv', 'bin', 'moto_server'), ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await until(
    () =>
      new Promise((done) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.end();
          done(true);
        });
        socket.on('error', () => done(false));
      }),
    'moto listening',
    60_000,
  );
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

const md5 = (bytes) => crypto.createHash('md5').update(bytes).digest('hex');

for (const theme of ['light', 'dark']) {
  describe(`S3 storage (${theme})`, () => {
    const dirs = scratchHome(`store-s3-${theme}`);
    let app;
    let moto;

    before(async () => {
      moto = await startMoto();
      app = await launchDemo(dirs, theme, { CLOUDPICK_DEMO_S3: moto.endpoint });
    });

    after(async () => {
      await app?.stop();
      moto?.child.kill();
    });

    it('chooses a bucket folder in Settings, and a pick from Dropbox lands there', async () => {
      const { browser } = app;
      const s3 = await browser.$('[data-source^="s3:"]');
      await s3.waitForDisplayed({ timeout: 90_000 });
      const s3Id = await s3.getAttribute('data-source');
      assert.match(await textOf(browser, `[data-source="${s3Id}"]`), /Amazon S3/);

      await browser.$('button=Settings').click();
      const store = await browser.$('#default-store');
      await store.waitForDisplayed({ timeout: 5_000 });
      await store.selectByAttribute('value', s3Id);
      await browser.$('[data-hint="bucket"]').waitForDisplayed({ timeout: 5_000 });
      await browser.execute(() => {
        const input = document.querySelector('#default-store-path');
        input.value = '/demo/Picked/2026';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await browser.$('[data-saved="store"]').waitForDisplayed({ timeout: 10_000 });
      await screenshot(browser, `settings-store-s3-${theme}`);
      // Settings' object storage: the demo's S3 account, and Connect… for Azure.
      await browser.$('[data-view="object-storage"]').scrollIntoView();
      assert.match(await textOf(browser, '[data-store="s3"]'), /Amazon S3[\s\S]*demo@127\.0\.0\.1/);
      assert.match(await textOf(browser, '[data-store="azblob"]'), /Not connected/);
      await screenshot(browser, `settings-object-storage-${theme}`);
      await browser.$('[data-field="from-sources"]').scrollIntoView();
      await screenshot(browser, `settings-pick-rules-${theme}`);

      await browser.$('[data-provider="dropbox"]').click();
      await browser.$('[data-name="Documents"]').click();
      await browser.$('[data-name="Quarterly report.pdf"]').click();
      assert.equal(await textOf(browser, '[data-action="upload"]'), 'Upload to Amazon S3');
      await browser.$('[data-action="upload"]').click();
      await browser.$('[data-view="result"]').waitForDisplayed({ timeout: 60_000 });
      assert.equal(await textOf(browser, '[data-view="result"] h2'), '1 file stored');
      assert.equal(await textOf(browser, '[data-field="place"]'), 'in Amazon S3 · demo/Picked/2026');
      await screenshot(browser, `result-s3-${theme}`);

      await browser.$('.json summary').click();
      const stored = JSON.parse(await textOf(browser, '[data-field="json"]')).filesUploaded[0];
      assert.equal(stored.container, 'demo');
      assert.equal(stored.key, 'Picked/2026/Quarterly report.pdf');
      const original = fs.readFileSync(path.join(seed, 'Documents', 'Quarterly report.pdf'));
      // Through boto3, as anyone with the bucket would read it.
      const object = execFileSync(python, [sdk, 's3', moto.endpoint, 'get', 'demo', stored.key], { maxBuffer: 64 << 20 });
      assert.ok(object.equals(original), 'the object has the picked bytes');
      assert.deepEqual(stored.hash, { algorithm: 'md5', value: md5(original) });
      // And through the presigned link in the result.
      assert.match(stored.url, /X-Amz-Signature=/);
      const linked = Buffer.from(await (await fetch(stored.url)).arrayBuffer());
      assert.ok(linked.equals(original), 'the link serves the picked bytes');
    });

    it("shows Azure Blob's keys form with its how-to", async () => {
      const { browser } = app;
      await browser.$('button=Pick more').click();
      await browser.$('[data-source="azblob"]').click();
      await browser.$('[data-form="store-keys"]').waitForDisplayed({ timeout: 5_000 });
      assert.equal(await textOf(browser, '[data-view="not-connected"] h2'), 'Connect Azure Blob');
      assert.equal(await browser.$('#azblob-secret').getAttribute('type'), 'password');
      await browser.$('[data-form="store-keys"] summary').click();
      assert.match(await textOf(browser, '[data-form="store-keys"] details'), /Access keys/);
      await screenshot(browser, `connect-azure-${theme}`);
    });
  });
}

describe('S3 on the command line', () => {
  const dirs = scratchHome('store-s3-cli');
  let moto;

  before(async () => {
    moto = await startMoto();
  });

  after(() => moto?.child.kill());

  /** `cloudpick --demo args...` with the demo's S3 on this moto. */
  const cloudpick = (args) => {
    const env = { ...process.env, HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: demoCache, CLOUDPICK_DEMO_S3: moto.endpoint };
    const run = spawnSync(appBinary, ['--demo', ...args], { env, encoding: 'utf8', timeout: 120_000 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('lists a bucket and saves into it with s3:/bucket/folder', () => {
    const listed = cloudpick(['ls', 's3:/demo/Photos', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const names = JSON.parse(listed.stdout).map((item) => item.name);
    assert.ok(names.includes('Meadow.png'), JSON.stringify(names));

    const file = path.join(dirs.home, 'notes from the cli.txt');
    fs.writeFileSync(file, 'saved through s3:/demo/Saved\n');
    const saved = cloudpick(['save', file, '--to', 's3:/demo/Saved']);
    assert.equal(saved.code, 0, saved.stderr);
    const object = execFileSync(python, [sdk, 's3', moto.endpoint, 'get', 'demo', 'Saved/notes from the cli.txt']);
    assert.equal(object.toString(), 'saved through s3:/demo/Saved\n');

    const missing = cloudpick(['save', file, '--to', 's3:/no-such-bucket/x']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /There is no bucket called no-such-bucket/);
  });
});

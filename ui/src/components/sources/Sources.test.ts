import { app } from '../../lib/state/app.svelte';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { drives } from '../../lib/state/drives.svelte';
import { SOURCES, dropboxAccount, memoryBackend, tree } from '../../lib/testing';

describe('connecting drives and accounts', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('connects a cloud drive, then browses it', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector('[data-source="dropbox"]')!);
    await screen.findByText('Connect Dropbox', { selector: 'h2' });
    await fireEvent.click(document.querySelector('[data-action="connect"]')!);
    await screen.findByText('Ada · ada@example.test');
    expect(document.querySelector('[data-view="browse"]')).not.toBeNull();
  });

  it('names the cause when connecting fails, and waits with Cancel and Copy link', async () => {
    let finish: (e: unknown) => void = () => {};
    setBackend(
      memoryBackend(tree, {
        connectAccount: (_source, onUrl) =>
          new Promise((_, reject) => {
            onUrl('https://signin.example/dropbox');
            finish = reject;
          }),
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector('[data-source="dropbox"]')!);
    await fireEvent.click(await screen.findByText('Connect Dropbox', { selector: 'button' }));
    await screen.findByText(/Finish signing in to Dropbox/);
    expect(document.querySelector('[data-action="copy-link"]')).not.toBeNull();
    expect(document.querySelector('[data-action="cancel-connect"]')).not.toBeNull();
    finish({ code: 'permission_denied', message: 'You did not allow Cloudpick to use your Dropbox' });
    expect((await screen.findByRole('alert')).textContent).toContain('You did not allow Cloudpick');
  });

  it('shows the account with its quota, and adds a second account of the same drive', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const bo = dropboxAccount('Bo', 'bo@example.test');
    let asked = '';
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [ada, SOURCES[1]],
        watchSources: async (onChange) => onChange([ada, SOURCES[1]]),
        connectAccount: async (provider) => {
          asked = provider;
          return { sources: [ada, bo, SOURCES[1]], current: bo.id };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector('[data-source="dropbox:ada@example.test"]')!);
    await fireEvent.click(await waitFor(() => document.querySelector('[data-action="account"]')!));
    expect(document.querySelector('[data-field="quota"]')!.textContent).toBe('1.5 GB of 2.0 GB used');
    expect(screen.getByRole('meter', { name: 'Storage used' }).getAttribute('aria-valuenow')).toBe('75');
    await fireEvent.click(document.querySelector('[data-action="add-account"]')!);
    await screen.findByText('Add another Dropbox account');
    await fireEvent.click(document.querySelector('[data-action="connect"]')!);
    await waitFor(() => expect(document.querySelector('[data-source="dropbox:bo@example.test"]')).not.toBeNull());
    expect(asked).toBe('dropbox');
    expect(drives.sourceId).toBe('dropbox:bo@example.test');
    expect(document.querySelector('[data-action="account"]')!.textContent).toContain('Bo');
    expect(document.querySelectorAll('[data-provider="dropbox"]').length).toBe(2);
  });

  it('asks before Disconnect forgets an account, and Cancel keeps it', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const gone: string[] = [];
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [ada, SOURCES[1]],
        watchSources: async (onChange) => onChange([ada, SOURCES[1]]),
        disconnectAccount: async (source) => {
          gone.push(source);
          return { sources: SOURCES, current: 'dropbox' };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector('[data-source="dropbox:ada@example.test"]')!);
    const chip = document.querySelector('[data-action="account"]')!;
    expect(chip.getAttribute('title')).toBe('ada@example.test');
    await fireEvent.click(await screen.findByText('Ada', { selector: '.who' }));
    // Open, the card shows the email: no tooltip over it.
    expect(chip.getAttribute('title')).toBeNull();
    await fireEvent.click(screen.getByText('Disconnect'));
    const ask = await screen.findByRole('alertdialog');
    expect(ask.textContent).toContain('Disconnect Dropbox? Cloudpick forgets this account; your files stay on Dropbox.');
    expect(gone).toEqual([]);
    await fireEvent.click(screen.getByText('Cancel'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(gone).toEqual([]);
    await fireEvent.click(screen.getByText('Disconnect'));
    await fireEvent.click(document.querySelector('[data-action="confirm-disconnect"]')!);
    await screen.findByText('Connect Dropbox', { selector: 'h2' });
    expect(gone).toEqual(['dropbox:ada@example.test']);
  });

  it('says why a kept account did not reconnect, and removes it', async () => {
    const failed = {
      ...dropboxAccount('Ada', 'ada@example.test'),
      connected: false,
      account: null,
      status: 'Needs a new sign-in',
      problem: 'The Dropbox sign-in for ada@example.test is no longer in the keyring. Connect again',
    };
    let removed = '';
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [failed, SOURCES[1]],
        watchSources: async (onChange) => onChange([failed, SOURCES[1]]),
        disconnectAccount: async (source) => {
          removed = source;
          return { sources: SOURCES, current: 'dropbox' };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector('[data-source="dropbox:ada@example.test"]')!);
    await screen.findByText('Reconnect Dropbox');
    expect(screen.getByRole('alert').textContent).toContain('no longer in the keyring');
    expect(screen.getByText('Sign in again')).toBeTruthy();
    await fireEvent.click(document.querySelector('[data-action="remove"]')!);
    await screen.findByText('Connect Dropbox', { selector: 'h2' });
    expect(removed).toBe('dropbox:ada@example.test');
  });

  it('signs in to Alfresco with a user name and password, and forgets the password on failure', async () => {
    const alfresco = { ...SOURCES[0], id: 'alfresco', provider: 'alfresco', name: 'Alfresco', server: 'https://alf.example.test', passwordSignIn: true };
    const signedIn = { ...dropboxAccount('Ada', 'ada@example.test'), id: 'alfresco:ada@example.test', provider: 'alfresco', name: 'Alfresco', passwordSignIn: true };
    const calls: unknown[][] = [];
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [alfresco, SOURCES[1]],
        watchSources: async (onChange) => onChange([alfresco, SOURCES[1]]),
        connectAlfresco: async (server, user, password, plainHttp) => {
          calls.push([server, user, password, plainHttp]);
          if (password !== 'right') throw { code: 'unauthorized', message: 'Alfresco did not accept that user name and password' };
          return { sources: [signedIn, SOURCES[1]], current: signedIn.id };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector('[data-source="alfresco"]')!);
    const server = (await waitFor(() => document.querySelector('#alfresco-server'))) as HTMLInputElement;
    expect(server.value).toBe('https://alf.example.test');
    const password = document.querySelector('#alfresco-password') as HTMLInputElement;
    await fireEvent.input(document.querySelector('#alfresco-user')!, { target: { value: 'ada' } });
    await fireEvent.input(password, { target: { value: 'wrong' } });
    await fireEvent.click(document.querySelector('[data-action="alfresco-sign-in"]')!);
    expect((await screen.findByRole('alert')).textContent).toContain('did not accept');
    await waitFor(() => expect(password.value).toBe(''));
    await fireEvent.input(password, { target: { value: 'right' } });
    await fireEvent.click(document.querySelector('[data-action="alfresco-sign-in"]')!);
    await waitFor(() => expect(document.querySelector('[data-view="browse"]')).not.toBeNull());
    expect(calls).toEqual([
      ['https://alf.example.test', 'ada', 'wrong', false],
      ['https://alf.example.test', 'ada', 'right', false],
    ]);
    expect(drives.sourceId).toBe('alfresco:ada@example.test');
    expect(document.querySelector('[data-warning="plain-http"]')).toBeNull();
  });

  it('warns before a password goes over plain http, and sends it only once agreed', async () => {
    const alfresco = { ...SOURCES[0], id: 'alfresco', provider: 'alfresco', name: 'Alfresco', server: 'http://alf.corp.example', passwordSignIn: true };
    const calls: unknown[][] = [];
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [alfresco, SOURCES[1]],
        watchSources: async (onChange) => onChange([alfresco, SOURCES[1]]),
        connectAlfresco: async (...args) => {
          calls.push(args);
          throw { code: 'permission_denied', message: 'plain http' };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector('[data-source="alfresco"]')!);
    const warning = await waitFor(() => {
      const shown = document.querySelector('[data-warning="plain-http"]');
      expect(shown).not.toBeNull();
      return shown!;
    });
    expect(warning.textContent).toContain('could read your password');
    await fireEvent.input(document.querySelector('#alfresco-user')!, { target: { value: 'ada' } });
    await fireEvent.input(document.querySelector('#alfresco-password')!, { target: { value: 'pw' } });
    await fireEvent.click(document.querySelector('[data-action="alfresco-sign-in"]')!);
    await waitFor(() => expect(calls.length).toBe(1));
    expect(calls[0][3]).toBe(false);
    await fireEvent.click(document.querySelector('[data-field="plain-http"]')!);
    await fireEvent.input(document.querySelector('#alfresco-password')!, { target: { value: 'pw' } });
    await fireEvent.click(document.querySelector('[data-action="alfresco-sign-in"]')!);
    await waitFor(() => expect(calls.length).toBe(2));
    expect(calls[1][3]).toBe(true);
    // This machine's own server is not the network.
    await fireEvent.input(document.querySelector('#alfresco-server')!, { target: { value: 'http://127.0.0.1:8080' } });
    await waitFor(() => expect(document.querySelector('[data-warning="plain-http"]')).toBeNull());
  });

  it('connects S3 with keys from its form, with the how-to, and forgets the secret on failure', async () => {
    const guide = { registerAt: 'AWS IAM console', registerUrl: null, steps: ['Create an access key.'], redirectUri: '', scopes: [] };
    const form = { identity: 'Access key ID', secret: 'Secret access key', sas: false, regions: true, guide };
    const s3 = { ...SOURCES[0], id: 's3', provider: 's3', name: 'Amazon S3', keys: form };
    const connected = { ...dropboxAccount('AKID', 'AKID@127.0.0.1:9000'), id: 's3:AKID@127.0.0.1:9000', provider: 's3', name: 'Amazon S3', keys: form };
    const calls: unknown[] = [];
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [s3, SOURCES[1]],
        watchSources: async (onChange) => onChange([s3, SOURCES[1]]),
        connectStore: async (provider, store, secret, sas) => {
          calls.push({ provider, store, secret, sas });
          if (secret !== 'right') throw { code: 'unauthorized', message: 'Amazon S3 refused the keys (InvalidAccessKeyId)' };
          return { sources: [connected, SOURCES[1]], current: connected.id };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector('[data-source="s3"]')!);
    await screen.findByText('Create an access key.');
    expect(screen.getByText('How to get the keys (AWS IAM console)')).toBeTruthy();
    const secret = document.querySelector('#s3-secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    await fireEvent.input(document.querySelector('#s3-identity')!, { target: { value: 'AKID' } });
    await fireEvent.input(document.querySelector('#s3-endpoint')!, { target: { value: 'http://127.0.0.1:9000' } });
    await fireEvent.click(document.querySelector('input[name="path-style"]')!);
    await fireEvent.input(document.querySelector('#s3-days')!, { target: { value: '3' } });
    await fireEvent.input(document.querySelector('#s3-buckets')!, { target: { value: 'photos, docs ,' } });
    await fireEvent.input(secret, { target: { value: 'wrong' } });
    await fireEvent.click(document.querySelector('[data-action="store-connect"]')!);
    expect((await screen.findByRole('alert')).textContent).toContain('refused the keys');
    await waitFor(() => expect(secret.value).toBe(''));
    await fireEvent.input(secret, { target: { value: 'right' } });
    await fireEvent.click(document.querySelector('[data-action="store-connect"]')!);
    await waitFor(() => expect(document.querySelector('[data-view="browse"]')).not.toBeNull());
    expect(calls[1]).toEqual({
      provider: 's3',
      store: { endpoint: 'http://127.0.0.1:9000', region: '', pathStyle: true, identity: 'AKID', public: false, linkDays: 3, buckets: ['photos', 'docs'] },
      secret: 'right',
      sas: false,
    });
    expect(drives.sourceId).toBe('s3:AKID@127.0.0.1:9000');
  });
});

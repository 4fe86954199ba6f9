import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { setBackend } from './lib/backend';
import { picker } from './lib/picker.svelte';
import { SOURCES, dropboxAccount, dropboxApp, file, folder, memoryBackend, windowEvents } from './lib/testing';
import { NO_RESTRICTIONS } from './lib/restrictions';
import type { ProviderAppInput } from './lib/bindings/ProviderAppInput';
import type { PickRequest } from './lib/bindings/PickRequest';
import type { ExportRequest } from './lib/bindings/ExportRequest';
import type { Activity } from './lib/bindings/Activity';

const tree = {
  '/': [folder('/Photos'), file('/a.txt', 1200), file('/b.pdf', 3_400_000)],
  '/Photos': [file('/Photos/beach.jpg', 2_000_000)],
};

function row(name: string): HTMLElement {
  return document.querySelector(`[data-name="${name}"]`) as HTMLElement;
}

describe('the service chooser', () => {
  beforeEach(() => picker.reset());
  afterEach(() => cleanup());

  it('lists the sources and opens This computer', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    expect(screen.getByText('Not connected')).toBeTruthy();
    const names = [...document.querySelectorAll('[role="option"]')].map((el) => el.getAttribute('data-name'));
    expect(names).toEqual(['Photos', 'a.txt', 'b.pdf']);
  });

  it('selects files, uploads them and shows the stored files', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(row('b.pdf'));
    expect(document.querySelector('footer[aria-label="Selection"]')!.textContent).toContain('2 selected');
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('2 files stored');
    const stored = [...document.querySelectorAll('[data-filename]')].map((el) => el.getAttribute('data-filename'));
    expect(stored).toEqual(['a.txt', 'b.pdf']);
    expect(screen.getByText('in /store')).toBeTruthy();
  });

  it('shows per-file progress while uploading', async () => {
    let finish: () => void = () => {};
    setBackend(
      memoryBackend(tree, {
        pickFiles: (_request, onProgress) =>
          new Promise((resolve) => {
            onProgress({ index: 0, filename: 'b.pdf', status: 'copying', bytesDone: 1_700_000, bytesTotal: 3_400_000, error: null });
            finish = () => resolve({ filesUploaded: [], filesFailed: [] });
          }),
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('b.pdf'));
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('Uploading 1 file');
    const bar = screen.getByRole('progressbar', { name: 'b.pdf progress' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('50'));
    expect(screen.getByText('1.7 MB of 3.4 MB')).toBeTruthy();
    finish();
  });

  it('says so when a folder is empty', async () => {
    setBackend(memoryBackend({ '/': [folder('/Empty')], '/Empty': [] }));
    render(App);
    await screen.findByText('Empty');
    await fireEvent.click(row('Empty'));
    await screen.findByText('This folder is empty');
    expect(screen.getByText('There are no files here to pick.')).toBeTruthy();
  });

  it('explains a folder that cannot be opened', async () => {
    setBackend(memoryBackend({}, {}));
    render(App);
    await screen.findByText('Could not open this folder');
    expect(screen.getByRole('alert').textContent).toContain('/ no longer exists');
  });

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
    expect(picker.sourceId).toBe('dropbox:bo@example.test');
    expect(document.querySelector('[data-action="account"]')!.textContent).toContain('Bo');
    expect(document.querySelectorAll('[data-provider="dropbox"]').length).toBe(2);
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

  it("sets up a drive's own app in Settings, with how to register it", async () => {
    const saved: ProviderAppInput[] = [];
    setBackend(
      memoryBackend(tree, {
        saveProviderApp: async (_provider, input) => {
          if (input.clientId.includes(' ')) throw { code: 'invalid_input', message: 'a client id is one word, with no spaces' };
          saved.push(input);
          return [{ ...dropboxApp(), clientId: input.clientId, redirectPort: input.redirectPort }];
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(screen.getByText('Settings'));
    const app = await waitFor(() => document.querySelector('[data-provider-app="dropbox"]') as HTMLDetailsElement);
    expect(app.querySelector('summary')!.textContent).toContain('Not set up');
    expect(app.querySelector('[data-field="redirect-uri"]')!.textContent).toBe('http://127.0.0.1:53682/callback');
    expect(app.querySelector('[data-field="guide"]')!.textContent).toContain('Dropbox App Console');

    const id = app.querySelector('#dropbox-clientId') as HTMLInputElement;
    const port = app.querySelector('#dropbox-redirectPort') as HTMLInputElement;
    await fireEvent.input(id, { target: { value: 'two words' } });
    await fireEvent.click(app.querySelector('[data-action="save-app"]')!);
    expect((await screen.findByRole('alert')).textContent).toContain('no spaces');

    await fireEvent.input(id, { target: { value: 'abc123' } });
    await fireEvent.input(port, { target: { value: 'eighty' } });
    await fireEvent.click(app.querySelector('[data-action="save-app"]')!);
    expect((await screen.findByRole('alert')).textContent).toBe('The redirect port is a number, like 53682');
    expect(saved).toEqual([]);

    await fireEvent.input(port, { target: { value: '8123' } });
    await fireEvent.click(app.querySelector('[data-action="save-app"]')!);
    await screen.findByText('Dropbox app saved.');
    expect(saved).toEqual([{ clientId: 'abc123', tenant: '', redirectPort: 8123, serverUrl: '', clientSecret: '' }]);
    expect(app.querySelector('summary')!.textContent).toContain('Set up');
  });

  it('signs in to Alfresco with a user name and password, and forgets the password on failure', async () => {
    const alfresco = { ...SOURCES[0], id: 'alfresco', provider: 'alfresco', name: 'Alfresco', server: 'https://alf.example.test', passwordSignIn: true };
    const signedIn = { ...dropboxAccount('Ada', 'ada@example.test'), id: 'alfresco:ada@example.test', provider: 'alfresco', name: 'Alfresco', passwordSignIn: true };
    const calls: string[][] = [];
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [alfresco, SOURCES[1]],
        watchSources: async (onChange) => onChange([alfresco, SOURCES[1]]),
        connectAlfresco: async (server, user, password) => {
          calls.push([server, user, password]);
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
      ['https://alf.example.test', 'ada', 'wrong'],
      ['https://alf.example.test', 'ada', 'right'],
    ]);
    expect(picker.sourceId).toBe('alfresco:ada@example.test');
  });

  it('loads a big folder page by page as it scrolls, drawing only the rows in view', async () => {
    const big = Array.from({ length: 450 }, (_, i) => file(`/Big/f${String(i).padStart(4, '0')}.txt`, i));
    setBackend(memoryBackend({ '/': [folder('/Big')], '/Big': big }));
    render(App);
    await waitFor(() => expect(row('Big')).not.toBeNull());
    await fireEvent.click(row('Big'));
    await waitFor(() => expect(document.querySelector('[data-field="count"]')!.textContent).toContain('200 items so far'));
    expect(document.querySelectorAll('[role="option"]').length).toBeLessThan(100);
    const list = document.querySelector('[role="listbox"]') as HTMLElement;
    list.scrollTop = 7000;
    await fireEvent.scroll(list);
    await waitFor(() => expect(document.querySelector('[data-field="count"]')!.textContent).toContain('400 items so far'));
    list.scrollTop = 17600;
    await fireEvent.scroll(list);
    await waitFor(() => expect(document.querySelector('[data-field="count"]')!.textContent!.trim()).toBe('450 items'));
    expect(row('f0449.txt')).not.toBeNull();
    expect(row('f0000.txt')).toBeNull();
  });

  it('sorts by a column, loading the rest of the folder first', async () => {
    const many = Array.from({ length: 250 }, (_, i) => file(`/n${i}.txt`, i === 7 ? 10_000_000 : i));
    setBackend(memoryBackend({ '/': many }));
    render(App);
    await waitFor(() => expect(row('n0.txt')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-sort="size"]')!);
    await waitFor(() => expect(document.querySelector('[role="option"]')!.getAttribute('data-name')).toBe('n7.txt'));
    expect(document.querySelector('[data-field="count"]')!.textContent!.trim()).toBe('250 items');
    expect(document.querySelector('[data-sort="size"]')!.parentElement!.getAttribute('aria-sort')).toBe('descending');
  });

  it("searches the drive with / and shows where each result is, with its details", async () => {
    const hashed = { ...file('/Photos/beach.jpg', 2_000_000), hash: { algorithm: 'sha1' as const, value: 'ab12cd34' } };
    setBackend(memoryBackend({ ...tree, '/Photos': [hashed] }));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.keyDown(window, { key: '/' });
    const box = screen.getByRole('searchbox');
    expect(document.activeElement).toBe(box);
    await fireEvent.input(box, { target: { value: 'beach' } });
    await fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect(document.querySelector('[data-field="results"]')!.textContent).toContain('1 found for “beach”'));
    expect(row('beach.jpg').textContent).toContain('/Photos/beach.jpg');
    await fireEvent.click(document.querySelector('[data-action="details"]')!);
    expect(document.querySelector('[data-field="hash"]')!.textContent).toBe('ab12cd34');
    expect(document.querySelector('[data-view="details"]')!.textContent).toContain('SHA-1');
    expect(document.querySelector('[data-field="size"]')!.textContent).toContain('2,000,000 bytes');
    await fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(row('b.pdf')).not.toBeNull());
  });

  it('shows a grid with thumbnails of the images and icons for the rest', async () => {
    setBackend(memoryBackend({ '/': [file('/beach.jpg', 10), file('/notes.txt', 5), file('/sun.PNG', 7)] }));
    render(App);
    await waitFor(() => expect(row('beach.jpg')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-layout-button="grid"]')!);
    await waitFor(() => expect(document.querySelector('[data-layout="grid"]')).not.toBeNull());
    const pictures = [...document.querySelectorAll('img[data-thumbnail]')].map((img) => img.getAttribute('data-thumbnail'));
    expect(pictures).toEqual(['beach.jpg', 'sun.PNG']);
    expect(document.querySelector('img[data-thumbnail="beach.jpg"]')!.getAttribute('src')).toContain(encodeURIComponent('local|/beach.jpg|256'));
    const grid = document.querySelector('[data-layout="grid"]') as HTMLElement;
    grid.focus();
    await fireEvent.keyDown(grid, { key: ' ' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: ' ' });
    expect(row('beach.jpg').getAttribute('aria-selected')).toBe('true');
    expect(row('notes.txt').getAttribute('aria-selected')).toBe('true');
    // A picture that cannot be made gives way to the file's icon.
    await fireEvent.error(document.querySelector('img[data-thumbnail="sun.PNG"]')!);
    await waitFor(() => expect(document.querySelector('img[data-thumbnail="sun.PNG"]')).toBeNull());
  });

  it('keeps one selection across drives, lists it in the tray, and picks from both', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const requests: unknown[] = [];
    const base = memoryBackend(tree);
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [ada, SOURCES[1]],
        watchSources: async (onChange) => onChange([ada, SOURCES[1]]),
        pickFiles: async (request, onProgress) => {
          requests.push(request);
          return base.pickFiles(request, onProgress);
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(document.querySelector(`[data-source="${ada.id}"]`)!);
    await waitFor(() => expect(row('b.pdf')).not.toBeNull());
    // The same path on another drive is another file.
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(row('b.pdf'));
    const bar = document.querySelector('footer[aria-label="Selection"]')!;
    expect(bar.textContent).toContain('3 selected');
    expect(bar.textContent).toContain('from 2 drives');
    await fireEvent.click(document.querySelector('[data-action="show-selection"]')!);
    const tray = document.querySelector('[data-view="selection-tray"]')!;
    expect([...tray.querySelectorAll('h4')].map((h) => h.textContent!.replace('Remove all', '').trim())).toEqual([
      'This computer',
      'Dropbox · ada@example.test',
    ]);
    await fireEvent.click(tray.querySelector('[data-selected="b.pdf"] button')!);
    expect(bar.textContent).toContain('2 selected');
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('2 files stored');
    expect(requests).toEqual([
      {
        items: [
          { source: 'local', id: '/a.txt' },
          { source: ada.id, id: '/a.txt' },
        ],
        linkOnly: false,
        reuseDuplicates: false,
      },
    ]);
    expect(document.querySelector('[data-field="json"]')!.textContent).toContain('"filesUploaded"');
  });

  it('edits a selected image: a square crop, a turn and a size, sent with the upload', async () => {
    const requests: PickRequest[] = [];
    const base = memoryBackend(tree);
    setBackend(
      memoryBackend(tree, {
        imageSize: async () => ({ width: 1200, height: 800 }),
        pickFiles: async (request, onProgress) => {
          requests.push(request);
          return base.pickFiles(request, onProgress);
        },
      }),
    );
    render(App);
    await fireEvent.click(await screen.findByText('Photos'));
    await fireEvent.keyDown(row('Photos') ?? document.body, { key: 'Enter' });
    await waitFor(() => expect(row('beach.jpg')).not.toBeNull());
    await fireEvent.click(row('beach.jpg'));
    await fireEvent.click(document.querySelector('[data-action="show-selection"]')!);
    await fireEvent.click(document.querySelector('[data-action="edit-image"]')!);
    const img = document.querySelector('[data-view="editor"] img') as HTMLImageElement;
    Object.defineProperty(img, 'naturalWidth', { value: 1024 });
    Object.defineProperty(img, 'naturalHeight', { value: 683 });
    await fireEvent.load(img);
    await waitFor(() => expect(document.querySelector('[data-preset="1:1"]')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-preset="1:1"]')!);
    await fireEvent.click(document.querySelector('[data-action="rotate-right"]')!);
    await fireEvent.input(document.querySelector('[data-field="width"]')!, { target: { value: '200' } });
    expect(document.querySelector('[data-field="output-size"]')!.textContent).toBe('200 × 200 px');
    await fireEvent.click(document.querySelector('[data-action="apply-edit"]')!);
    expect(document.querySelector('[data-view="editor"]')).toBeNull();
    expect(document.querySelector('[data-edited="beach.jpg"]')!.textContent).toBe('Edited');
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('1 file stored');
    expect(requests[0].items[0].transform).toMatchObject({
      crop: { x: 200, y: 0, width: 800, height: 800 },
      cropFirst: true,
      rotate: 90,
      width: 200,
      height: null,
      circle: false,
    });
  });

  it('saves the selection to a new folder on a drive, and asks before replacing', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const requests: ExportRequest[] = [];
    const saveTree = { ...tree, '/Saved': [] };
    const base = memoryBackend(saveTree);
    setBackend(
      memoryBackend(saveTree, {
        listSources: async () => [ada, SOURCES[1]],
        watchSources: async (onChange) => onChange([ada, SOURCES[1]]),
        exportFiles: async (request, onProgress) => {
          requests.push(request);
          if (requests.length === 1) {
            return { filesUploaded: [], filesFailed: [{ filename: 'Notes.txt', originalPath: '/a.txt', source: 'local_file_system', error: 'Notes.txt is already in Dropbox/Saved: save it under another name, or choose Replace' }] };
          }
          return base.exportFiles(request, onProgress);
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(document.querySelector('[data-action="save-to"]')!);
    await waitFor(() => expect(document.querySelector('[data-folder="Photos"]')).not.toBeNull());
    await fireEvent.input(document.querySelector('[data-field="new-folder"]')!, { target: { value: 'Saved' } });
    await fireEvent.click(document.querySelector('[data-action="create-folder"]')!);
    await waitFor(() => expect(document.querySelector('[data-field="save-where"]')!.textContent).toMatch(/\/Saved$/));
    await fireEvent.input(document.querySelector('[data-field="save-name"]')!, { target: { value: 'Notes.txt' } });
    await fireEvent.click(document.querySelector('[data-action="save"]')!);
    await screen.findByText(/Notes.txt is already in Dropbox\/Saved/);
    await fireEvent.click(document.querySelector('[data-action="keep-both"]')!);
    await screen.findByText(/Saved to Dropbox/);
    expect(requests.map((r) => r.onConflict)).toEqual(['ask', 'rename']);
    expect(requests[0]).toMatchObject({ items: [{ source: 'local', id: '/a.txt', name: 'Notes.txt' }], to: { location: ada.id, path: '/Saved' } });
  });

  it('saves files dropped from the desktop to the cloud folder on screen, and says where first', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const requests: ExportRequest[] = [];
    const base = memoryBackend(tree);
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [ada, SOURCES[1]],
        watchSources: async (onChange) => onChange([ada, SOURCES[1]]),
        exportFiles: async (request, onProgress) => {
          requests.push(request);
          return base.exportFiles(request, onProgress);
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    // This computer is no place for a drop: the window says so while dragging.
    windowEvents.current!({ kind: 'dragEnter' });
    await screen.findByText('Open a folder on a cloud drive to save dropped files there');
    windowEvents.current!({ kind: 'dragLeave' });
    await waitFor(() => expect(document.querySelector('[data-view="drop-zone"]')).toBeNull());
    await fireEvent.click(document.querySelector(`[data-source="${ada.id}"]`)!);
    await waitFor(() => expect(row('Photos')).not.toBeNull());
    await fireEvent.click(row('Photos'));
    await waitFor(() => expect(row('beach.jpg')).not.toBeNull());
    windowEvents.current!({ kind: 'dragEnter' });
    expect((await screen.findByText(/Drop to save to/)).textContent).toBe('Drop to save to Dropbox · ada@example.test/Photos');
    windowEvents.current!({ kind: 'drop', paths: ['/home/me/Trip', '/home/me/notes.txt'] });
    await screen.findByText('2 files saved to Dropbox · ada@example.test/Photos');
    expect(document.querySelector('[data-view="drop-zone"]')).toBeNull();
    expect(requests).toEqual([
      {
        items: [
          { source: 'path', id: '/home/me/Trip' },
          { source: 'path', id: '/home/me/notes.txt' },
        ],
        to: { location: ada.id, path: '/Photos' },
        onConflict: 'rename',
      },
    ]);
  });

  it('hands a dragged file over as a local file, once it is ready', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const staged: string[] = [];
    setBackend(
      memoryBackend(tree, {
        listSources: async () => [ada, SOURCES[1]],
        watchSources: async (onChange) => onChange([ada, SOURCES[1]]),
        stageDrag: async (source, id) => {
          staged.push(`${source}${id}`);
          return `/home/me/.cache/cloudpick/dragged/ab12/${String(id).split('/').pop()}`;
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(document.querySelector(`[data-source="${ada.id}"]`)!);
    await waitFor(() => expect(row('b.pdf')).not.toBeNull());
    const data = new Map<string, string>();
    const dataTransfer = { effectAllowed: 'all', setData: (k: string, v: string) => data.set(k, v) };
    // Dragged at once, with no press first: not ready, so no drag, and it says so.
    const early = await fireEvent.dragStart(row('b.pdf'), { dataTransfer });
    expect(early).toBe(false);
    await screen.findByText('Getting b.pdf ready to drag out… drag again in a moment');
    await fireEvent.pointerDown(row('a.txt'), { button: 0 });
    await waitFor(() => expect(staged).toContain(`${ada.id}/a.txt`));
    await new Promise((r) => setTimeout(r, 0));
    await fireEvent.dragStart(row('a.txt'), { dataTransfer });
    expect(data.get('text/uri-list')).toBe('file:///home/me/.cache/cloudpick/dragged/ab12/a.txt');
    expect(dataTransfer.effectAllowed).toBe('copy');
    expect(row('Photos').getAttribute('draggable')).toBe('false');
  });

  it('opens Activity when a notification or the tray asks for it', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    windowEvents.current!({ kind: 'show', view: 'activity' });
    await waitFor(() => expect(document.querySelector('[data-view="activity"]')).not.toBeNull());
    windowEvents.current!({ kind: 'show', view: 'browse' });
    await screen.findByText('b.pdf');
  });

  it('cancels one file, and retries the files that failed', async () => {
    const cancelled: number[] = [];
    let attempt = 0;
    setBackend(
      memoryBackend(tree, {
        cancelPickFile: async (index) => {
          cancelled.push(index);
        },
        pickFiles: async (request, onProgress) => {
          attempt += 1;
          const files = request.items.map(({ id }) => id.split('/').pop()!);
          const stored = (name: string, index: number) => ({
            filename: name, handle: `h${attempt}${index}`, mimetype: 'text/plain', originalPath: `/${name}`, size: 1,
            source: 'local_file_system', url: `file:///store/${name}`, key: name, container: '/store', status: 'Stored', uploadId: `u${attempt}${index}`, hash: null, reused: false,
          });
          if (attempt === 1) {
            onProgress({ index: 1, filename: files[1], status: 'copying', bytesDone: 10, bytesTotal: 3_400_000, error: null });
            await new Promise((r) => setTimeout(r, 50));
            onProgress({ index: 0, filename: files[0], status: 'stored', bytesDone: 1, bytesTotal: 1, error: null });
            onProgress({ index: 1, filename: files[1], status: 'failed', bytesDone: 10, bytesTotal: 3_400_000, error: 'Cancelled' });
            return { filesUploaded: [stored(files[0], 0)], filesFailed: [{ filename: files[1], originalPath: `/${files[1]}`, source: 'local_file_system', error: 'Cancelled' }] };
          }
          files.forEach((name, index) => onProgress({ index, filename: name, status: 'stored', bytesDone: 1, bytesTotal: 1, error: null }));
          return { filesUploaded: files.map(stored), filesFailed: [] };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(row('b.pdf'));
    await fireEvent.click(screen.getByText('Upload'));
    const cancel = await waitFor(() => screen.getByRole('button', { name: 'Cancel b.pdf' }));
    await fireEvent.click(cancel);
    expect(cancelled).toEqual([1]);
    await screen.findByText('1 file not stored');
    await fireEvent.click(document.querySelector('[data-action="retry"]')!);
    await screen.findByText('2 files stored');
    expect(document.querySelector('[aria-label="Files not stored"]')).toBeNull();
    expect([...document.querySelectorAll('[data-filename]')].map((el) => el.getAttribute('data-filename'))).toEqual(['a.txt', 'b.pdf']);
  });

  it('greys out what the restrictions refuse, says why, and holds the counts', async () => {
    const photo = { ...file('/photo.jpg', 10), mimeType: 'image/jpeg' };
    const shot = { ...file('/shot.png', 10), mimeType: 'image/png' };
    const huge = { ...file('/huge.png', 50_000_000), mimeType: 'image/png' };
    const doc = { ...file('/doc.txt', 10), mimeType: 'text/plain' };
    const rules = { ...NO_RESTRICTIONS, accept: ['image/*'], min_files: 2, max_files: 2, max_size: 20_000_000 };
    setBackend(
      memoryBackend(
        { '/': [photo, shot, huge, doc, { ...file('/more.jpg', 1), mimeType: 'image/jpeg' }] },
        { getSettings: async () => ({ storageFolder: '/store', localRoot: '/home/me', showHidden: false, restrictions: rules, restrictionsFromCommandLine: false, notifications: true, webhooks: [], storeTo: null }) },
      ),
    );
    render(App);
    await waitFor(() => expect(row('doc.txt')).not.toBeNull());
    expect(row('doc.txt').getAttribute('aria-disabled')).toBe('true');
    expect(row('doc.txt').getAttribute('title')).toBe('Only image/* can be picked');
    expect(row('huge.png').getAttribute('title')).toBe('Larger than 20 MB, the most a file may be');
    expect(row('photo.jpg').getAttribute('aria-disabled')).toBe('false');

    await fireEvent.click(row('doc.txt'));
    expect(document.querySelector('[data-field="notice"]')!.textContent).toContain('doc.txt: Only image/* can be picked');
    expect(row('doc.txt').getAttribute('aria-selected')).toBe('false');

    await fireEvent.click(row('photo.jpg'));
    expect(document.querySelector('[data-field="blocked"]')!.textContent).toBe('Pick at least 2 files');
    expect((document.querySelector('[data-action="upload"]') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(row('shot.png'));
    expect(document.querySelector('[data-field="blocked"]')).toBeNull();
    await fireEvent.click(row('more.jpg'));
    expect(document.querySelector('[data-field="notice"]')!.textContent).toContain('You can pick at most 2 files');
    expect(row('more.jpg').getAttribute('aria-selected')).toBe('false');
  });

  it('measures a selected image and lets go of one outside the size limits', async () => {
    const small = { ...file('/small.png', 10), mimeType: 'image/png' };
    const fine = { ...file('/fine.jpg', 10), mimeType: 'image/jpeg' };
    const rules = { ...NO_RESTRICTIONS, min_image: { width: 400, height: 300 } };
    const measured: string[] = [];
    setBackend(
      memoryBackend(
        { '/': [fine, small] },
        {
          getSettings: async () => ({ storageFolder: '/store', localRoot: '/home/me', showHidden: false, restrictions: rules, restrictionsFromCommandLine: false, notifications: true, webhooks: [], storeTo: null }),
          imageSize: async (_source, id) => {
            measured.push(id);
            return id === '/small.png' ? { width: 120, height: 80 } : { width: 1600, height: 1200 };
          },
        },
      ),
    );
    render(App);
    await waitFor(() => expect(row('small.png')).not.toBeNull());
    await fireEvent.click(row('fine.jpg'));
    await fireEvent.click(row('small.png'));
    await waitFor(() => expect(document.querySelector('[data-field="notice"]')!.textContent).toContain(
      'small.png: 120×80 pixels, smaller than the 400×300 an image must have',
    ));
    expect(row('small.png').getAttribute('aria-selected')).toBe('false');
    expect(row('small.png').getAttribute('aria-disabled')).toBe('true');
    expect(row('fine.jpg').getAttribute('aria-selected')).toBe('true');
    expect(measured.sort()).toEqual(['/fine.jpg', '/small.png']);
  });

  it('lists what was picked in Recent, across drives, and picks it again', async () => {
    const elsewhere = { ...file('/Shared/plan.pdf', 900), displayPath: '/Shared/plan.pdf' };
    const backend = memoryBackend(tree);
    setBackend({
      ...backend,
      getRecent: async () => [
        ...(await backend.getRecent()),
        { source: 'dropbox', item: elsewhere, action: 'picked', at: Date.UTC(2026, 10, 20) },
      ],
    });
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(row('b.pdf'));
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('2 files stored');
    await fireEvent.click(screen.getByText('Recent'));
    await waitFor(() => expect(document.querySelector('[data-view="recent"] [data-name="plan.pdf"]')).not.toBeNull());
    const names = [...document.querySelectorAll('[data-view="recent"] [data-name]')].map((el) => el.getAttribute('data-name'));
    expect(names).toEqual(['a.txt', 'b.pdf', 'plan.pdf']);
    const plan = row('plan.pdf');
    expect(plan.querySelector('[data-field="drive"]')!.textContent).toContain('Dropbox');
    expect(plan.getAttribute('title')).toBe('Dropbox is not connected: connect it to pick this file again');
    expect((plan.querySelector('input') as HTMLInputElement).disabled).toBe(true);

    await fireEvent.click(screen.getByLabelText('Select b.pdf from This computer'));
    expect(document.querySelector('footer[aria-label="Selection"]')!.textContent).toContain('1 selected');
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('1 file stored');
  });

  it('shows every pick in Activity, and removes a stored copy only after asking', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('1 file stored');
    await fireEvent.click(screen.getByText('Activity'));
    await screen.findByText('1 file picked · 1 stored');
    const entry = document.querySelector('[data-view="activity"] [data-filename="a.txt"]') as HTMLElement;
    expect(entry.getAttribute('data-state')).toBe('stored');
    expect(document.querySelector('[data-view="activity"] [data-field="json"]')!.textContent).toContain('"filesUploaded"');
    await fireEvent.click(screen.getByLabelText('Remove the stored copy of a.txt'));
    expect(entry.getAttribute('data-state')).toBe('stored');
    await fireEvent.click(screen.getByText('Delete copy'));
    await screen.findByText('1 file picked · 1 removed');
    expect(document.querySelector('[data-view="activity"] [data-filename="a.txt"]')!.getAttribute('data-state')).toBe('removed');
    await screen.findByText('Removed the copy of a.txt');
  });

  it('saves stored copies to a drive from the result and from Activity', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const requests: ExportRequest[] = [];
    const base = memoryBackend(tree, { listSources: async () => [ada, SOURCES[1]], watchSources: async (onChange) => onChange([ada, SOURCES[1]]) });
    setBackend({
      ...base,
      exportFiles: (request, onProgress) => {
        requests.push(request);
        return base.exportFiles(request, onProgress);
      },
    });
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('1 file stored');
    await fireEvent.click(document.querySelector('[data-action="save-result"]')!);
    await screen.findByText('Save a.txt to…');
    await waitFor(() => expect(document.querySelector('[data-folder="Photos"]')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-action="save"]')!);
    await screen.findByText(/Saved to Dropbox/);
    await fireEvent.click(screen.getByText('Done'));
    await fireEvent.click(screen.getByText('Activity'));
    await screen.findByText('1 file picked · 1 stored');
    await fireEvent.click(document.querySelector('[data-view="activity"] [data-action="save-stored"]')!);
    await screen.findByText('Save a.txt to…');
    await waitFor(() => expect(document.querySelector('[data-folder="Photos"]')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-folder="Photos"]')!);
    await waitFor(() => expect(document.querySelector('[data-field="save-where"]')!.textContent).toMatch(/\/Photos$/));
    await fireEvent.click(document.querySelector('[data-action="save"]')!);
    await screen.findByText(/Saved to Dropbox/);
    expect(requests.map((r) => [r.items[0].id, r.to.path])).toEqual([
      ['/a.txt', '/'],
      ['/a.txt', '/Photos'],
    ]);
  });

  it('shows the bytes sent while a save runs', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    let finish: () => void = () => {};
    const base = memoryBackend(tree, { listSources: async () => [ada, SOURCES[1]], watchSources: async (onChange) => onChange([ada, SOURCES[1]]) });
    setBackend({
      ...base,
      exportFiles: async (request, onProgress) => {
        onProgress({ index: 0, filename: 'b.pdf', status: 'copying', bytesDone: 1_700_000, bytesTotal: 3_400_000, error: null });
        await new Promise<void>((done) => (finish = done));
        return base.exportFiles(request, onProgress);
      },
    });
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('b.pdf'));
    await fireEvent.click(document.querySelector('[data-action="save-to"]')!);
    await waitFor(() => expect(document.querySelector('[data-folder="Photos"]')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-action="save"]')!);
    await waitFor(() => expect(document.querySelector('[data-field="save-progress"]')?.textContent).toContain('1.7 MB of 3.4 MB'));
    expect((document.querySelector('[data-field="save-progress"] .bar div') as HTMLElement).style.width).toBe('50%');
    finish();
    await screen.findByText(/Saved to Dropbox/);
    expect(document.querySelector('[data-field="save-progress"]')).toBeNull();
  });

  it('sends an upload to a folder on a drive, or as links only, from the upload options', async () => {
    const requests: PickRequest[] = [];
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const sources = [ada, SOURCES[1]];
    const backend = memoryBackend(tree, { listSources: async () => sources, watchSources: async (onChange) => onChange(sources) });
    setBackend({
      ...backend,
      pickFiles: (request, onProgress) => {
        requests.push(request);
        return backend.pickFiles(request, onProgress);
      },
    });
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(screen.getByText('To this computer'));
    const where = screen.getByLabelText('Store in') as HTMLSelectElement;
    await fireEvent.change(where, { target: { value: 'dropbox:ada@example.test' } });
    const folder = screen.getByLabelText('In the folder') as HTMLInputElement;
    expect(folder.value).toBe('/Cloudpick');
    await fireEvent.input(folder, { target: { value: '/Uploads/2026' } });
    await fireEvent.click(screen.getByLabelText('Reuse a copy already stored with the same content'));
    await fireEvent.click(screen.getByText('Done'));
    expect(screen.getByText('To Dropbox/Uploads/2026')).toBeTruthy();
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('1 file stored');
    expect(requests[0]).toEqual({
      items: [{ source: 'local', id: '/a.txt' }],
      storeTo: { location: 'dropbox:ada@example.test', path: '/Uploads/2026' },
      linkOnly: false,
      reuseDuplicates: true,
    });

    await fireEvent.click(screen.getByText('Pick more'));
    await screen.findByText('b.pdf');
    await fireEvent.click(row('b.pdf'));
    await fireEvent.click(screen.getByText('To Dropbox/Uploads/2026'));
    await fireEvent.click(screen.getByLabelText('Link only: no copy; each link points at the file where it is'));
    expect((screen.getByLabelText('Reuse a copy already stored with the same content') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByText('Done'));
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('1 file stored');
    expect(requests[1].linkOnly).toBe(true);
  });

  it('edits a stored copy from Activity into a new copy beside it', async () => {
    const edits: unknown[] = [];
    const backend = memoryBackend(tree, { imageSize: async () => ({ width: 1200, height: 800 }) });
    const editStored = backend.editStored;
    backend.editStored = async (activity, position, transform) => {
      edits.push({ activity, position, transform });
      return editStored(activity, position, transform);
    };
    setBackend(backend);
    render(App);
    await fireEvent.click(await screen.findByText('Photos'));
    await fireEvent.keyDown(row('Photos') ?? document.body, { key: 'Enter' });
    await waitFor(() => expect(row('beach.jpg')).not.toBeNull());
    await fireEvent.click(row('beach.jpg'));
    await fireEvent.click(screen.getByText('Upload'));
    await screen.findByText('1 file stored');
    await fireEvent.click(screen.getByText('Activity'));
    await fireEvent.click(await screen.findByLabelText('Edit the stored copy of beach.jpg'));
    const img = (await waitFor(() => document.querySelector('[data-view="editor"] img'))) as HTMLImageElement;
    Object.defineProperty(img, 'naturalWidth', { value: 1024 });
    Object.defineProperty(img, 'naturalHeight', { value: 683 });
    await fireEvent.load(img);
    await waitFor(() => expect(document.querySelector('[data-preset="circle"]')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-preset="circle"]')!);
    await fireEvent.click(screen.getByText('Save as a new copy'));
    await waitFor(() => expect(edits).toHaveLength(1));
    await screen.findByText('Saved the edit as beach (1).png');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ position: 0, transform: { circle: true, cropFirst: true, crop: { x: 200, y: 0, width: 800, height: 800 } } });
  });

  it('pauses a large upload to a drive, then resumes or cancels it from Activity', async () => {
    const big = file('/big.iso', 900_000_000);
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const sources = [ada, SOURCES[1]];
    const paused: number[] = [];
    let state: 'paused' | 'stored' | 'failed' = 'paused';
    let finish: () => void = () => {};
    const record = () => ({
      id: 7, kind: 'pick', status: 'done', started: 0, finished: 0, destination: 'dropbox:ada@example.test:/Up',
      result: { filesUploaded: [], filesFailed: [] },
      files: [{ position: 0, source: 'local', itemId: big.id, item: big, state, stored: null, error: state === 'paused' ? 'Paused: resume it from Activity' : null }],
    }) as Activity;
    setBackend(
      memoryBackend({ '/': [big] }, {
        listSources: async () => sources,
        watchSources: async (onChange) => onChange(sources),
        getSettings: async () => ({ storageFolder: '/store', localRoot: '/home/me', showHidden: false, restrictions: NO_RESTRICTIONS, restrictionsFromCommandLine: false, notifications: true, webhooks: [], storeTo: { location: ada.id, path: '/Up' } }),
        pickFiles: (_request, onProgress) =>
          new Promise((resolve) => {
            onProgress({ index: 0, filename: 'big.iso', status: 'copying', bytesDone: 100_000_000, bytesTotal: big.size, error: null });
            finish = () => resolve({ filesUploaded: [], filesFailed: [{ filename: 'big.iso', originalPath: '/big.iso', source: 'local_file_system', error: 'Paused: resume it from Activity' }] });
          }),
        pausePickFile: async (index) => {
          paused.push(index);
          finish();
        },
        getActivity: async () => [record()],
        resumeTransfer: async () => {
          state = 'stored';
        },
        cancelTransfer: async () => {
          state = 'failed';
        },
      }),
    );
    render(App);
    await screen.findByText('big.iso');
    await fireEvent.click(row('big.iso'));
    await fireEvent.click(screen.getByText('Upload'));
    await fireEvent.click(await screen.findByLabelText('Pause big.iso'));
    expect(paused).toEqual([0]);
    await screen.findByText('Paused: resume it from Activity');

    await fireEvent.click(screen.getByText('Activity'));
    const entry = await waitFor(() => document.querySelector('[data-view="activity"] [data-filename="big.iso"]') as HTMLElement);
    expect(entry.getAttribute('data-state')).toBe('paused');
    await fireEvent.click(screen.getByText('Resume'));
    await screen.findByText('big.iso is stored');
    expect(document.querySelector('[data-view="activity"] [data-filename="big.iso"]')!.getAttribute('data-state')).toBe('stored');
  });
});

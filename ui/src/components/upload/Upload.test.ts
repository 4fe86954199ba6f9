import { app } from '../../lib/state/app.svelte';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { SOURCES, dropboxAccount, file, folder, memoryBackend, tree, row } from '../../lib/testing';
import { NO_RESTRICTIONS } from '../../lib/restrictions';
import type { PickRequest } from '../../lib/bindings/PickRequest';
import type { Activity } from '../../lib/bindings/Activity';

describe('uploading', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('selects files, uploads them and shows the stored files', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(row('b.pdf'));
    expect(document.querySelector('footer[aria-label="Selection"]')!.textContent).toContain('2 selected');
    await fireEvent.click(screen.getByText('Pick'));
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
    await fireEvent.click(screen.getByText('Pick'));
    await screen.findByText('Uploading 1 file');
    const bar = screen.getByRole('progressbar', { name: 'b.pdf progress' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('50'));
    expect(screen.getByText('1.7 MB of 3.4 MB')).toBeTruthy();
    finish();
  });

  it('cancels one file, and retries the files that failed', async () => {
    const cancelled: number[] = [];
    // The first pick stays in flight until the user cancels a file, as a slow copy would.
    let cancelAsked: () => void = () => {};
    const cancelRequested = new Promise<void>((resolve) => (cancelAsked = resolve));
    let attempt = 0;
    setBackend(
      memoryBackend(tree, {
        cancelPickFile: async (index) => {
          cancelled.push(index);
          cancelAsked();
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
            await cancelRequested;
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
    await fireEvent.click(screen.getByText('Pick'));
    const cancel = await waitFor(() => screen.getByRole('button', { name: 'Cancel b.pdf' }));
    await fireEvent.click(cancel);
    expect(cancelled).toEqual([1]);
    await screen.findByText('1 file not stored');
    await fireEvent.click(document.querySelector('[data-action="retry"]')!);
    await screen.findByText('2 files stored');
    expect(document.querySelector('[aria-label="Files not stored"]')).toBeNull();
    expect([...document.querySelectorAll('[data-filename]')].map((el) => el.getAttribute('data-filename'))).toEqual(['a.txt', 'b.pdf']);
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
    await fireEvent.click(screen.getByLabelText(/^Convert documents to PDF/));
    await fireEvent.click(screen.getByText('Done'));
    expect(screen.getByText('To Dropbox/Uploads/2026')).toBeTruthy();
    await fireEvent.click(screen.getByText('Upload to Dropbox'));
    await screen.findByText('1 file stored');
    expect(requests[0]).toEqual({
      items: [{ source: 'local', id: '/a.txt' }],
      storeTo: { location: 'dropbox:ada@example.test', path: '/Uploads/2026' },
      linkOnly: false,
      reuseDuplicates: true,
      documentsToPdf: true,
    });

    await fireEvent.click(screen.getByText('Pick more'));
    await screen.findByText('b.pdf');
    await fireEvent.click(row('b.pdf'));
    await fireEvent.click(screen.getByText('To Dropbox/Uploads/2026'));
    await fireEvent.click(screen.getByLabelText('Link only: no copy; each link points at the file where it is'));
    expect((screen.getByLabelText('Reuse a copy already stored with the same content') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByText('Done'));
    await fireEvent.click(screen.getByText('Pick'));
    await screen.findByText('1 file stored');
    expect(requests[1].linkOnly).toBe(true);
  });

  it('pauses a large upload to a drive, then resumes or cancels it from Activity', async () => {
    const big = file('/big.iso', 900_000_000);
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const sources = [ada, SOURCES[1]];
    const paused: number[] = [];
    let state: 'paused' | 'stored' | 'failed' = 'paused';
    let finish: () => void = () => {};
    const record = () => ({
      id: 7, kind: 'pick', status: 'done', started: 0, finished: 0, destination: 'dropbox:ada@example.test:/Up', openedIn: null,
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
    await fireEvent.click(screen.getByText('Upload to Dropbox'));
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

import { app } from '../../lib/state/app.svelte';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { desktop } from '../../lib/desktop.svelte';
import { SOURCES, dropboxAccount, file, folder, memoryBackend, windowEvents, tree, row } from '../../lib/testing';
import type { ExportRequest } from '../../lib/bindings/ExportRequest';
import type { Activity } from '../../lib/bindings/Activity';

/** Shows the window, selects `name` and opens Save to on it, its folders listed. */
async function openSaveDialog(name: string): Promise<void> {
  render(App);
  await screen.findByText('b.pdf');
  await fireEvent.click(row(name));
  await fireEvent.click(document.querySelector('[data-action="save-to"]')!);
  await waitFor(() => expect(document.querySelector('[data-folder="Photos"]')).not.toBeNull());
}

describe('saving to a drive', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

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
            return { filesUploaded: [], filesFailed: [], filesTaken: [{ filename: 'Notes.txt', originalPath: '/a.txt', source: 'local_file_system', error: 'Notes.txt is already in Dropbox/Saved: save it under another name, or choose Replace' }] };
          }
          return base.exportFiles(request, onProgress);
        },
      }),
    );
    await openSaveDialog('a.txt');
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

  it('gives one file\'s name the keys with its stem selected, names the title after it, and saves on Enter', async () => {
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
    await fireEvent.click(document.querySelector('[data-action="save-to"]')!);
    const name = document.querySelector<HTMLInputElement>('[data-field="save-name"]')!;
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect([name.selectionStart, name.selectionEnd]).toEqual([0, 1]);
    await fireEvent.input(name, { target: { value: 'Trip.txt' } });
    await screen.findByText('Save Trip.txt to…');
    await waitFor(() => expect(document.querySelector('[data-folder="Photos"]')).not.toBeNull());
    await fireEvent.keyDown(name, { key: 'Enter' });
    await screen.findByText(/Saved to Dropbox/);
    expect(requests.map((r) => r.items[0].name)).toEqual(['Trip.txt']);
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
    windowEvents.current!({
      kind: 'drop',
      files: [
        { token: 'given:1', path: '/home/me/Trip' },
        { token: 'given:2', path: '/home/me/notes.txt' },
      ],
    });
    await screen.findByText('2 files saved to Dropbox · ada@example.test/Photos');
    expect(document.querySelector('[data-view="drop-zone"]')).toBeNull();
    expect(requests).toEqual([
      {
        items: [
          // By the shell's tokens: the engine takes no path from the window.
          { source: 'path', id: 'given:1' },
          { source: 'path', id: 'given:2' },
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
    // The press's staging, awaited: the file is ready once it settles.
    await desktop.prepareDrag(ada.id, tree['/'][1]);
    await fireEvent.dragStart(row('a.txt'), { dataTransfer });
    expect(data.get('text/uri-list')).toBe('file:///home/me/.cache/cloudpick/dragged/ab12/a.txt');
    expect(dataTransfer.effectAllowed).toBe('copy');
    expect(row('Photos').getAttribute('draggable')).toBe('false');
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
    await fireEvent.click(screen.getByText('Pick'));
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
    await openSaveDialog('b.pdf');
    await fireEvent.click(document.querySelector('[data-action="save"]')!);
    await waitFor(() => expect(document.querySelector('[data-field="save-progress"]')?.textContent).toContain('1.7 MB of 3.4 MB'));
    expect((document.querySelector('[data-field="save-progress"] .bar div') as HTMLElement).style.width).toBe('50%');
    finish();
    await screen.findByText(/Saved to Dropbox/);
    expect(document.querySelector('[data-field="save-progress"]')).toBeNull();
  });

  it('stops a running save with Cancel, and closes once it has stopped', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const given: string[] = [];
    const cancelled: string[] = [];
    let stop: () => void = () => {};
    const base = memoryBackend(tree, { listSources: async () => [ada, SOURCES[1]], watchSources: async (onChange) => onChange([ada, SOURCES[1]]) });
    setBackend({
      ...base,
      exportFiles: async (request, onProgress, id) => {
        given.push(id!);
        onProgress({ index: 0, filename: 'b.pdf', status: 'copying', bytesDone: 1_700_000, bytesTotal: 3_400_000, error: null });
        await new Promise<void>((done) => (stop = done));
        return { filesUploaded: [], filesFailed: [{ filename: 'b.pdf', originalPath: '/b.pdf', source: 'local_file_system', error: 'Cancelled' }] };
      },
      cancelExport: async (id) => {
        cancelled.push(id);
      },
    });
    await openSaveDialog('b.pdf');
    await fireEvent.click(document.querySelector('[data-action="save"]')!);
    await waitFor(() => expect(document.querySelector('[data-field="save-progress"]')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-action="save-cancel"]')!);
    await waitFor(() => expect(cancelled).toEqual(given));
    expect(given).toHaveLength(1);
    // Until the save has stopped, the dialog stays and says so.
    expect(document.querySelector('[data-action="save-cancel"]')!.textContent).toBe('Stopping…');
    stop();
    await waitFor(() => expect(document.querySelector('[data-view="save"]')).toBeNull());
  });
});

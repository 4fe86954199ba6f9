import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { app } from '../../lib/state/app.svelte';
import { drives } from '../../lib/state/drives.svelte';
import { upload } from '../../lib/state/upload.svelte';
import { SOURCES, dropboxAccount, file, memoryBackend, windowEvents } from '../../lib/testing';
import type { ScriptPick } from '../../lib/bindings/ScriptPick';
import type { ExportRequest } from '../../lib/bindings/ExportRequest';
import type { PickResult } from '../../lib/bindings/PickResult';

const tree = { '/': [file('/a.txt', 1200)] };
const providers = () => [...document.querySelectorAll('.sidebar [data-provider]')].map((b) => (b as HTMLElement).dataset.provider);

describe('a pick a script waits for', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('shows only the drives it names, says a script waits, and stores where it says', async () => {
    let script: ScriptPick | null = null;
    const sources = [dropboxAccount('Ada', 'ada@example.test'), ...SOURCES.slice(1)];
    setBackend(memoryBackend(tree, { listSources: async () => sources, watchSources: async (onChange) => onChange(sources), scriptPick: async () => script }));
    render(App);
    await screen.findByText('a.txt');
    expect(providers()).toEqual(['dropbox', 'local']);
    expect(document.querySelector('[data-testid="script-pick"]')).toBeNull();

    script = { from: ['dropbox'], storeTo: { location: 'dropbox', path: '/Uploads' }, linkOnly: true, documentsToPdf: true, save: null, portal: null, startFolder: null };
    await windowEvents.current!({ kind: 'scriptPick' });
    await waitFor(() => expect(providers()).toEqual(['dropbox']));
    expect(screen.getByTestId('script-pick').textContent).toContain('A script is waiting for this pick');
    expect(drives.sourceId).toBe('dropbox:ada@example.test');
    expect(upload.storeTo).toEqual({ location: 'dropbox', path: '/Uploads' });
    expect(upload.linkOnly).toBe(true);
    expect(upload.documentsToPdf).toBe(true);
  });

  it("opens the save dialog with a script's files, and answers it with what was saved or a cancel", async () => {
    const sources = [dropboxAccount('Ada', 'ada@example.test'), ...SOURCES.slice(1)];
    const script: ScriptPick = { from: [], storeTo: null, linkOnly: false, documentsToPdf: false, save: { files: [], given: [{ token: 'given:7', path: '/home/me/report.pdf' }], name: 'Q3.pdf', drive: 'dropbox' }, portal: null, startFolder: null };
    const requests: ExportRequest[] = [];
    const answers: (PickResult | null)[] = [];
    const base = memoryBackend(tree);
    setBackend(
      memoryBackend(tree, {
        listSources: async () => sources,
        watchSources: async (onChange) => onChange(sources),
        scriptPick: async () => script,
        scriptDone: async (result) => void answers.push(result),
        exportFiles: async (request, onProgress) => (requests.push(request), base.exportFiles(request, onProgress)),
      }),
    );
    render(App);
    const name = await waitFor(() => {
      const field = document.querySelector('[data-field="save-name"]') as HTMLInputElement;
      expect(field).not.toBeNull();
      return field;
    });
    expect(name.value).toBe('Q3.pdf');
    expect((document.querySelector('[data-field="save-drive"]') as HTMLSelectElement).value).toBe('dropbox:ada@example.test');
    await waitFor(() => expect(document.querySelector('[data-action="save"]')!.hasAttribute('disabled')).toBe(false));
    await fireEvent.click(document.querySelector('[data-action="save"]')!);
    await screen.findByText('Done');
    expect(requests[0].items).toEqual([{ source: 'path', id: 'given:7', name: 'Q3.pdf' }]);
    expect(answers).toEqual([]);
    await fireEvent.click(screen.getByText('Done'));
    expect(answers.map((a) => a?.filesUploaded.map((f) => f.filename))).toEqual([['Q3.pdf']]);
    expect(document.querySelector('[data-view="save"]')).toBeNull();
  });

  it('answers a cancel when the save dialog is closed without saving', async () => {
    const sources = [dropboxAccount('Ada', 'ada@example.test'), ...SOURCES.slice(1)];
    const answers: (PickResult | null)[] = [];
    setBackend(
      memoryBackend(tree, {
        listSources: async () => sources,
        watchSources: async (onChange) => onChange(sources),
        scriptPick: async () => ({ from: [], storeTo: null, linkOnly: false, documentsToPdf: false, save: { files: [], given: [{ token: 'given:8', path: '/home/me/a.txt' }], name: null, drive: null }, portal: null, startFolder: null }),
        scriptDone: async (result) => void answers.push(result),
      }),
    );
    render(App);
    await screen.findByText('Cancel');
    await fireEvent.click(screen.getByText('Cancel'));
    expect(answers).toEqual([null]);
  });
});

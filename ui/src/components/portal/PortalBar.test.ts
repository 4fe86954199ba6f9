import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { app } from '../../lib/state/app.svelte';
import { NO_RESTRICTIONS } from '../../lib/restrictions';
import { file, memoryBackend, windowEvents } from '../../lib/testing';
import type { ScriptPick } from '../../lib/bindings/ScriptPick';
import type { PortalRequest } from '../../lib/bindings/PortalRequest';

const tree = { '/': [file('/photo.png', 1200), file('/notes.txt', 30)] };
const row = (name: string) => document.querySelector(`[data-name="${name}"]`) as HTMLElement;

function asking(request: Partial<PortalRequest>): ScriptPick {
  const portal: PortalRequest = {
    appId: 'org.example.Notes',
    title: 'Insert a picture',
    acceptLabel: 'Insert',
    dialog: { kind: 'open', multiple: false, directory: false },
    filters: [
      { name: 'Pictures', accept: ['*.png'] },
      { name: 'All files', accept: ['*'] },
    ],
    currentFilter: 0,
    currentFolder: null,
    ...request,
  };
  return { from: [], storeTo: null, linkOnly: false, documentsToPdf: false, save: null, portal, startFolder: null };
}

describe("another application's Open dialog", () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('says who asks, greys what its filter leaves out, changes filter, and cancels with Esc', async () => {
    let script: ScriptPick | null = null;
    const filters: number[] = [];
    const answers: unknown[] = [];
    setBackend(
      memoryBackend(tree, {
        scriptPick: async () => script,
        // The shell's rules for the request: its first filter.
        getSettings: async () => ({ storageFolder: '/store', localRoot: '/home/me', showHidden: false, restrictions: { ...NO_RESTRICTIONS, accept: ['*.png'], max_files: 1 }, restrictionsFromCommandLine: true, storeTo: null, notifications: true, webhooks: [] }),
        chooseFilter: async (index) => {
          filters.push(index);
        },
        scriptDone: async (result) => {
          answers.push(result);
          script = null;
        },
      }),
    );
    render(App);
    await screen.findByText('photo.png');
    script = asking({});
    await windowEvents.current!({ kind: 'scriptPick' });
    await waitFor(() => expect(screen.getByTestId('portal-asking').textContent).toContain('org.example.Notes wants to open a file'));
    expect(screen.getByTestId('portal-asking').textContent).toContain('Insert a picture');
    await waitFor(() => expect(row('notes.txt').getAttribute('aria-disabled')).toBe('true'));
    expect(row('photo.png').getAttribute('aria-disabled')).toBe('false');
    const accept = document.querySelector('[data-view="portal"] [data-action="upload"]') as HTMLButtonElement;
    expect(accept.textContent).toBe('Insert');
    expect(accept.disabled).toBe(true);

    const filter = document.querySelector('[data-field="portal-filter"]') as HTMLSelectElement;
    await fireEvent.change(filter, { target: { value: '1' } });
    await waitFor(() => expect(row('notes.txt').getAttribute('aria-disabled')).toBe('false'));
    expect(filters).toEqual([1]);

    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(answers).toEqual([null]));
    await waitFor(() => expect(document.querySelector('[data-view="portal"]')).toBeNull());
  });

  it('opens the file double-clicked in place of the one selected, when it asks for one file', async () => {
    let script: ScriptPick | null = asking({ filters: [{ name: 'All files', accept: ['*'] }] });
    const opened: string[][] = [];
    setBackend(
      memoryBackend(tree, {
        scriptPick: async () => script,
        getSettings: async () => ({ storageFolder: '/store', localRoot: '/home/me', showHidden: false, restrictions: { ...NO_RESTRICTIONS, max_files: 1 }, restrictionsFromCommandLine: true, storeTo: null, notifications: true, webhooks: [] }),
        openForApp: async (request) => {
          opened.push(request.items.map((i) => i.id));
          script = null;
        },
      }),
    );
    render(App);
    await waitFor(() => expect(screen.getByTestId('portal-asking').textContent).toContain('wants to open a file'));
    await waitFor(() => expect(row('photo.png')).not.toBeNull());
    await fireEvent.click(row('photo.png'));
    await waitFor(() => expect(document.querySelector('[data-field="portal-chosen"]')!.textContent).toContain('1 selected'));
    await fireEvent.dblClick(row('notes.txt'));
    await waitFor(() => expect(opened).toEqual([['/notes.txt']]));
  });

  it('answers with the folder on screen when it asks for a folder', async () => {
    let script: ScriptPick | null = asking({ dialog: { kind: 'open', multiple: false, directory: true }, filters: [], currentFilter: null, acceptLabel: null });
    const chosen: string[] = [];
    setBackend(
      memoryBackend(tree, {
        scriptPick: async () => script,
        chooseFolderForApp: async (id) => {
          chosen.push(id);
          script = null;
        },
      }),
    );
    render(App);
    await waitFor(() => expect(screen.getByTestId('portal-asking').textContent).toContain('org.example.Notes wants a folder'));
    const accept = await waitFor(() => {
      const button = document.querySelector('[data-view="portal"] [data-action="upload"]') as HTMLButtonElement;
      expect(button.disabled).toBe(false);
      return button;
    });
    expect(accept.textContent).toBe('Select folder');
    await fireEvent.click(accept);
    await waitFor(() => expect(chosen).toEqual(['/']));
  });
});

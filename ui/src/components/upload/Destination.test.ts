import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { app } from '../../lib/state/app.svelte';
import { SOURCES, dropboxAccount, memoryBackend, row, tree } from '../../lib/testing';
import type { Source } from '../../lib/bindings/Source';

const ada = dropboxAccount('Ada', 'ada@example.test');
/** Amazon Cloud Drive, connected: it makes no share links, so its stored files get none. */
const amazon: Source = {
  ...ada,
  id: 'clouddrive:ada@example.test',
  provider: 'clouddrive',
  name: 'Amazon Cloud Drive',
  capabilities: { ...ada.capabilities, shareLink: false },
};
const sources = [ada, amazon, SOURCES[1]];

describe('where an upload goes', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('names the button for what it does, and shows the folder This computer copies to', async () => {
    setBackend(memoryBackend(tree, { listSources: async () => sources, watchSources: async (on) => on(sources) }));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    const button = document.querySelector('[data-action="upload"]')!;
    expect(button.textContent).toBe('Pick');

    await fireEvent.click(screen.getByText('To this computer'));
    expect(document.querySelector('[data-field="local-folder"] code')!.textContent).toBe('/store');
    const where = screen.getByLabelText('Store in') as HTMLSelectElement;
    await fireEvent.change(where, { target: { value: ada.id } });
    expect(document.querySelector('[data-field="local-folder"]')).toBeNull();
    expect(button.textContent).toBe('Upload to Dropbox');
    await fireEvent.click(screen.getByLabelText('Link only: no copy; each link points at the file where it is'));
    expect(button.textContent).toBe('Pick');
    await fireEvent.click(screen.getByLabelText('Link only: no copy; each link points at the file where it is'));

    await fireEvent.change(where, { target: { value: 'local' } });
    await fireEvent.click(document.querySelector('[data-action="change-folder"]')!);
    await waitFor(() => expect(document.activeElement?.id).toBe('storage'));
    expect((document.activeElement as HTMLInputElement).value).toBe('/store');
  });

  it('offers a drive without share links, saying its stored files get none', async () => {
    setBackend(memoryBackend(tree, { listSources: async () => sources, watchSources: async (on) => on(sources) }));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(screen.getByText('To this computer'));
    const where = document.querySelector('#store-to') as HTMLSelectElement;
    const option = document.querySelector(`#store-to option[value="${amazon.id}"]`) as HTMLOptionElement;
    expect(option.disabled).toBe(false);
    expect(option.textContent!.trim()).toBe('Amazon Cloud Drive · ada@example.test (no links)');
    expect(document.querySelector('[data-linkless-drive]')).toBeNull();
    await fireEvent.change(where, { target: { value: amazon.id } });
    await waitFor(() => expect(document.querySelector(`[data-linkless-drive="${amazon.id}"]`)).not.toBeNull());
    expect(document.querySelector(`[data-linkless-drive="${amazon.id}"]`)!.textContent!.trim()).toMatch(
      /^Amazon Cloud Drive makes no share links: stored files get their address in its API as their link/,
    );
  });

  it('says beside the button why the storage cannot be used, and keeps the folder on screen', async () => {
    const refusal = 'Dropbox/Cloudpick is full: free some space or choose another storage location';
    setBackend(
      memoryBackend(tree, {
        listSources: async () => sources,
        watchSources: async (on) => on(sources),
        pickFiles: async () => {
          throw { code: 'quota', message: refusal };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(screen.getByText('To this computer'));
    await fireEvent.change(screen.getByLabelText('Store in'), { target: { value: ada.id } });
    await fireEvent.click(screen.getByText('Done'));
    await fireEvent.click(screen.getByText('Upload to Dropbox'));
    const problem = await waitFor(() => document.querySelector('[data-field="upload-problem"]')!);
    expect(problem.textContent).toBe(refusal);
    expect(problem.getAttribute('role')).toBe('alert');
    expect(row('b.pdf')).not.toBeNull();
    expect(document.body.textContent).not.toContain('Could not open this folder');
    expect(row('a.txt').getAttribute('aria-selected')).toBe('true');
  });

  it('says when Open folder finds nothing to open it with, and offers the path', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const why = 'Nothing on this computer opened /store: xdg-open said “no method available”. Copy the path to open it yourself';
    setBackend(
      memoryBackend(tree, {
        openStorageFolder: async () => {
          throw { code: 'unsupported', message: why };
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(screen.getByText('Pick'));
    await screen.findByText('1 file stored');
    await fireEvent.click(document.querySelector('[data-action="open-folder"]')!);
    const notice = await waitFor(() => document.querySelector('[data-field="result-notice"]')!);
    expect(notice.textContent).toContain(why);
    await fireEvent.click(notice.querySelector('[data-action="copy-folder-path"]')!);
    expect(writeText).toHaveBeenCalledWith('/store');
    await screen.findByText('Copied /store');
  });
});

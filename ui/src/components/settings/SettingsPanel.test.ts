import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { app } from '../../lib/state/app.svelte';
import { memoryBackend, tree } from '../../lib/testing';
import type { SettingsView } from '../../lib/bindings/SettingsView';

/** A backend whose settings file is `file`, refusing a relative folder as the engine does. */
function backendWith(file: { saved: SettingsView[] }) {
  return memoryBackend(tree, {
    saveSettings: async (s) => {
      if (!s.storageFolder.startsWith('/')) throw { code: 'invalid_input', message: 'The storage folder must be a full path, such as /home/you/Pictures' };
      file.saved.push(s);
      return s;
    },
  });
}

/** The settings the memory backend starts with. */
async function backendSettings(): Promise<SettingsView> {
  return memoryBackend(tree).getSettings();
}

async function openSettings() {
  render(App);
  await screen.findByText('b.pdf');
  await fireEvent.click(screen.getByText('Settings'));
  await waitFor(() => expect(document.querySelector('#storage')).not.toBeNull());
}

const field = (selector: string) => document.querySelector(selector) as HTMLInputElement;
const last = (file: { saved: SettingsView[] }) => file.saved[file.saved.length - 1];

describe('Settings apply as they change', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('saves a toggle at once, with no Save button to find', async () => {
    const file = { saved: [] as SettingsView[] };
    setBackend(backendWith(file));
    await openSettings();
    expect(document.querySelector('.settings > form button[type="submit"]')).toBeNull();
    expect(screen.getByText('Changes apply at once.')).toBeTruthy();

    await fireEvent.click(field('input[name="hidden"]'));
    await waitFor(() => expect(last(file)?.showHidden).toBe(true));
    expect(document.querySelector('[data-saved="hidden"]')!.textContent).toBe('Saved');
  });

  it("offers only the drives ticked under Pick from (Filestack's fromSources)", async () => {
    const file = { saved: [] as SettingsView[] };
    setBackend(backendWith(file));
    await openSettings();
    const dropbox = field('input[name="from-dropbox"]');
    expect(dropbox.checked).toBe(true);
    expect(document.querySelector('[data-source="dropbox"]')).not.toBeNull();
    await fireEvent.click(dropbox);
    await waitFor(() => expect(last(file)?.restrictions.from_sources).toEqual(['local']));
    await waitFor(() => expect(document.querySelector('[data-source="dropbox"]')).toBeNull());
    expect(document.querySelector('[data-source="local"]')).not.toBeNull();
    // Unticking the last one is refused, with the reason beside it.
    await fireEvent.click(field('input[name="from-local"]'));
    expect(await screen.findByText('Offer at least one drive')).toBeTruthy();
    expect(field('input[name="from-local"]').checked).toBe(true);
    // Ticking Dropbox again offers every drive: no list at all.
    await fireEvent.click(field('input[name="from-dropbox"]'));
    await waitFor(() => expect(last(file)?.restrictions.from_sources).toEqual([]));
  });

  it('changes a folder only through the folder dialog, and shows a refusal beside it', async () => {
    const file = { saved: [] as SettingsView[] };
    const asked: string[] = [];
    let answer: () => Promise<SettingsView | null> = async () => null;
    setBackend(
      memoryBackend(tree, {
        saveSettings: async (s) => {
          file.saved.push(s);
          return s;
        },
        chooseFolder: async (purpose) => {
          asked.push(purpose);
          return answer();
        },
      }),
    );
    await openSettings();
    // The folder is shown, not typed: the window sends no path.
    expect(field('#storage').readOnly).toBe(true);
    expect(field('#root').readOnly).toBe(true);
    // Cancelled: nothing changes.
    await fireEvent.click(document.querySelector('[data-action="choose-storage"]')!);
    await waitFor(() => expect(asked).toEqual(['storage']));
    expect(field('#storage').value).toBe('/store');
    // Chosen: the engine's answer is shown, and "Saved" beside it.
    answer = async () => ({ ...(await backendSettings()), storageFolder: '/home/me/Stored' });
    await fireEvent.click(document.querySelector('[data-action="choose-storage"]')!);
    await waitFor(() => expect(field('#storage').value).toBe('/home/me/Stored'));
    expect(document.querySelector('[data-saved="storage"]')!.textContent).toBe('Saved');
    // Refused (a system folder): the reason shows right after the field's row.
    answer = async () => {
      throw { code: 'permission_denied', message: '/etc is one of the system\'s folders (/etc): choose a folder of yours' };
    };
    await fireEvent.click(document.querySelector('[data-action="choose-root"]')!);
    await waitFor(() => expect(document.querySelector('[data-error-for="root"]')).not.toBeNull());
    const error = document.querySelector('[data-error-for="root"]')!;
    expect(error.textContent).toBe("/etc is one of the system's folders (/etc): choose a folder of yours");
    expect(field('#root').closest('.folder-choice')!.nextElementSibling).toBe(error);
    expect(asked).toEqual(['storage', 'storage', 'localRoot']);
    expect(file.saved).toEqual([]);
  });

  it('shows what is wrong beside its field, and saves the others all the same', async () => {
    const file = { saved: [] as SettingsView[] };
    setBackend(backendWith(file));
    await openSettings();
    await fireEvent.input(field('#min-width'), { target: { value: '100' } });
    await fireEvent.change(field('#min-width'));
    expect((await waitFor(() => document.querySelector('[data-error-for="min-image"]')!)).textContent).toBe(
      'Give both a width and a height for the smallest image size, in pixels',
    );
    await fireEvent.input(field('#min-height'), { target: { value: '80' } });
    await fireEvent.change(field('#min-height'));
    await waitFor(() => expect(last(file)?.restrictions.min_image).toEqual({ width: 100, height: 80 }));
    expect(last(file).storageFolder).toBe('/store');
    expect(document.querySelector('[data-error-for="min-image"]')).toBeNull();

    await fireEvent.input(field('#max-files'), { target: { value: '2' } });
    await fireEvent.change(field('#max-files'));
    await waitFor(() => expect(last(file)?.restrictions.max_files).toBe(2));
    expect(last(file).restrictions.min_image).toEqual({ width: 100, height: 80 });
  });

  it("asks before leaving a drive's app form that is not saved", async () => {
    setBackend(backendWith({ saved: [] }));
    await openSettings();
    const id = await waitFor(() => field('#dropbox-clientId'));
    await fireEvent.input(id, { target: { value: 'abc123' } });
    await fireEvent.click(document.querySelector('[data-source="local"]')!);
    const ask = await waitFor(() => document.querySelector('[data-view="leave-unsaved"]') as HTMLElement);
    expect(ask.textContent).toContain('The Dropbox app has changes that are not saved.');
    expect(document.activeElement).toBe(ask.querySelector('[data-action="stay"]'));

    await fireEvent.click(ask.querySelector('[data-action="stay"]')!);
    expect(document.querySelector('[data-view="leave-unsaved"]')).toBeNull();
    expect(field('#dropbox-clientId').value).toBe('abc123');

    await fireEvent.click(document.querySelector('[data-source="local"]')!);
    await fireEvent.click((await waitFor(() => document.querySelector('[data-action="leave-unsaved"]')!)) as HTMLElement);
    await screen.findByText('b.pdf');
    expect(document.querySelector('[data-view="settings"]')).toBeNull();
  });
});

import { app } from '../../lib/state/app.svelte';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { drives } from '../../lib/state/drives.svelte';
import { file, memoryBackend, windowEvents, tree, row } from '../../lib/testing';
import type { Activity } from '../../lib/bindings/Activity';

describe('Recent and Activity', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('opens Activity when a notification or the tray asks for it', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    windowEvents.current!({ kind: 'show', view: 'activity' });
    await waitFor(() => expect(document.querySelector('[data-view="activity"]')).not.toBeNull());
    windowEvents.current!({ kind: 'show', view: 'browse' });
    await screen.findByText('b.pdf');
  });

  it('lists what was picked in Recent, across drives, and picks it again', async () => {
    const elsewhere = { ...file('/Shared/plan.pdf', 900), displayPath: '/Shared/plan.pdf' };
    const backend = memoryBackend(tree);
    setBackend({
      ...backend,
      getRecent: async () => [
        ...(await backend.getRecent()),
        { source: 'dropbox', item: elsewhere, action: 'picked', at: Date.UTC(2026, 10, 20), to: 'local', toFolder: '/store' },
        { source: 'local', item: file('/notes.txt', 30), action: 'saved', at: Date.UTC(2026, 10, 19), to: 'dropbox:ada@example.test', toFolder: '/Saved' },
      ],
    });
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(row('b.pdf'));
    await fireEvent.click(screen.getByText('Pick'));
    await screen.findByText('2 files stored');
    await fireEvent.click(screen.getByText('Recent'));
    await waitFor(() => expect(document.querySelector('[data-view="recent"] [data-name="plan.pdf"]')).not.toBeNull());
    const names = [...document.querySelectorAll('[data-view="recent"] [data-name]')].map((el) => el.getAttribute('data-name'));
    expect(names).toEqual(['a.txt', 'b.pdf', 'plan.pdf', 'notes.txt']);
    // A saved file names the drive and folder it went to.
    expect(row('notes.txt').querySelector('[data-field="saved-to"]')!.textContent!.trim()).toBe('Saved to Dropbox/Saved');
    expect(row('a.txt').querySelector('[data-field="saved-to"]')).toBeNull();
    const plan = row('plan.pdf');
    expect(plan.querySelector('[data-field="drive"]')!.textContent).toContain('Dropbox');
    expect(plan.getAttribute('title')).toBe('Dropbox is not connected: connect it to pick this file again');
    expect((plan.querySelector('input') as HTMLInputElement).disabled).toBe(true);

    await fireEvent.click(screen.getByLabelText('Select b.pdf from This computer'));
    expect(document.querySelector('footer[aria-label="Selection"]')!.textContent).toContain('1 selected');
    await fireEvent.click(screen.getByText('Pick'));
    await screen.findByText('1 file stored');
  });

  it('shows every pick in Activity, and removes a stored copy only after asking', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(screen.getByText('Pick'));
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
});

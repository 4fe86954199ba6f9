import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { app } from '../../lib/state/app.svelte';
import { drives } from '../../lib/state/drives.svelte';
import { SOURCES, dropboxAccount, memoryBackend, tree } from '../../lib/testing';

const ada = dropboxAccount('Ada', 'ada@example.test');
const sources = [ada, SOURCES[1]];

describe('a drive that is slow to answer', () => {
  beforeEach(() => {
    app.reset();
    localStorage.clear();
    drives.sources = [];
  });
  afterEach(() => cleanup());

  it('says after a second that it retries, counting, and Cancel stops it', async () => {
    const cancelled: number[] = [];
    let stop: () => void = () => {};
    const base = memoryBackend(tree, { listSources: async () => sources, watchSources: async (on) => on(sources) });
    setBackend({
      ...base,
      openFolder: (source, folder, watch) => {
        if (source === 'local') return base.openFolder(source, folder);
        watch?.onRetry({ retry: 1, of: 5, reason: 'Dropbox answered 503' });
        watch?.onRetry({ retry: 2, of: 5, reason: 'Dropbox answered 503' });
        return new Promise((_, reject) => (stop = () => reject({ code: 'cancelled', message: 'Cancelled: nothing was kept' })));
      },
      cancelOpenFolder: async (request) => {
        cancelled.push(request);
        stop();
      },
    });
    render(App);
    await screen.findByText('b.pdf');
    const started = Date.now();
    await fireEvent.click(document.querySelector(`[data-source="${ada.id}"]`)!);
    // The header names the drive while it opens, and the wait shows only after a second.
    expect(document.querySelector('[aria-current="location"]')!.textContent).toBe('Dropbox');
    expect(document.querySelector('[data-view="waiting"]')).toBeNull();
    const waiting = await waitFor(
      () => {
        const shown = document.querySelector('[data-field="waiting"]');
        if (!shown) throw new Error('not yet');
        return shown;
      },
      { timeout: 3000 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(waiting.textContent!.trim()).toBe('Dropbox is not answering, retrying (2/5)…');

    await fireEvent.click(document.querySelector('[data-action="cancel-open"]')!);
    expect(cancelled).toHaveLength(1);
    await screen.findByText('Stopped waiting for Dropbox.');
    expect(screen.getByText('Try again')).toBeTruthy();
    expect(document.querySelector('[data-view="waiting"]')).toBeNull();
  });

  it('lists the last session’s drives at once, its accounts reconnecting', async () => {
    localStorage.setItem('cloudpick.sources', JSON.stringify(sources));
    setBackend(memoryBackend(tree, { listSources: () => new Promise(() => {}) }));
    render(App);
    const account = document.querySelector(`[data-source="${ada.id}"]`) as HTMLElement;
    expect(account, 'on the first render, before the engine answers').not.toBeNull();
    expect(account.textContent).toContain('Reconnecting…');
    expect(account.textContent).not.toContain('ada@example.test · quota');
    expect(document.querySelector('[data-source="local"]')).not.toBeNull();
  });
});

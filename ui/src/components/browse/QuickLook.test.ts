import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { app } from '../../lib/state/app.svelte';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { file, folder, memoryBackend, row } from '../../lib/testing';
import type { Preview } from '../../lib/bindings/Preview';

const none = { pages: null, text: null, truncated: false };
const previews: Record<string, Preview> = {
  '/notes.html': { ...none, kind: 'text', text: '<b>not bold</b><script>alert(1)</script>' },
  '/report.pdf': { ...none, kind: 'pdf', pages: 3 },
  '/clip.webm': { ...none, kind: 'video' },
  '/data.bin': { ...none, kind: 'none' },
};

describe('Quick Look', () => {
  beforeEach(() => app.reset());
  afterEach(cleanup);

  it('opens on P, shows text as text, turns PDF pages, plays videos from the engine\'s stream, and closes on Escape', async () => {
    const asked: string[] = [];
    let stops = 0;
    setBackend(
      memoryBackend(
        { '/': [folder('/Sub'), file('/notes.html', 40), file('/report.pdf', 900), file('/clip.webm', 5000), file('/data.bin', 7)] },
        {
          preview: async (_source, id) => {
            asked.push(id);
            return previews[id];
          },
          stopMediaStream: async () => {
            stops += 1;
          },
        },
      ),
    );
    render(App);
    await waitFor(() => expect(row('notes.html')).not.toBeNull());
    const list = document.querySelector('[role="listbox"]') as HTMLElement;
    await fireEvent.click(row('notes.html'));
    list.focus();
    await fireEvent.keyDown(list, { key: 'p' });
    const dialog = () => document.querySelector('[data-view="quicklook"]') as HTMLElement | null;
    await waitFor(() => expect(dialog()!.querySelector('[data-field="text"]')).not.toBeNull());
    const text = dialog()!.querySelector('[data-field="text"]')!;
    expect(text.textContent).toBe('<b>not bold</b><script>alert(1)</script>');
    expect(text.querySelector('b, script')).toBeNull();
    // Sorted as the list is: Sub, clip.webm, data.bin, notes.html, report.pdf.
    expect(dialog()!.textContent).toContain('4 of 5');

    await fireEvent.keyDown(dialog()!, { key: 'ArrowRight' });
    await waitFor(() => expect(dialog()!.querySelector('[data-field="page-number"]')!.textContent).toBe('Page 1 of 3'));
    const page = () => dialog()!.querySelector('[data-field="page"]')!.getAttribute('src')!;
    expect(page()).not.toContain('page=');
    await fireEvent.keyDown(dialog()!, { key: 'PageDown' });
    expect(dialog()!.querySelector('[data-field="page-number"]')!.textContent).toBe('Page 2 of 3');
    expect(page()).toContain('page=2');
    // The last file: Right stays.
    await fireEvent.keyDown(dialog()!, { key: 'ArrowRight' });
    expect(dialog()!.textContent).toContain('5 of 5');

    await fireEvent.keyDown(dialog()!, { key: 'ArrowLeft' });
    await fireEvent.keyDown(dialog()!, { key: 'ArrowLeft' });
    await waitFor(() => expect(dialog()!.textContent).toContain('No preview for this kind of file.'));
    await fireEvent.keyDown(dialog()!, { key: 'ArrowLeft' });
    await waitFor(() => expect(dialog()!.querySelector('[data-field="player"]')).not.toBeNull());
    expect(dialog()!.querySelector('video')!.getAttribute('src')).toBe('http://127.0.0.1:9/%2Fclip.webm');
    // A video the player cannot decode says what to install.
    await fireEvent.error(dialog()!.querySelector('video')!);
    await waitFor(() => expect(dialog()!.querySelector('[role="alert"]')!.textContent).toContain('gstreamer1.0-libav'));
    // The folder before it has no preview: Left stays on the video.
    await fireEvent.keyDown(dialog()!, { key: 'ArrowLeft' });
    expect(dialog()!.textContent).toContain('2 of 5');
    expect(asked).toEqual(['/notes.html', '/report.pdf', '/notes.html', '/data.bin', '/clip.webm']);

    const before = stops;
    await fireEvent.keyDown(dialog()!, { key: 'Escape' });
    await waitFor(() => expect(dialog()).toBeNull());
    // Closing ends the player's stream.
    expect(stops).toBeGreaterThan(before);
    // The keys are back in the list, as before it opened.
    await waitFor(() => expect(document.activeElement).toBe(list));
    // The list's cursor followed: the details show the last file previewed.
    await fireEvent.click(document.querySelector('[data-action="details"]')!);
    expect(document.querySelector('[data-view="details"] h3')!.textContent).toBe('clip.webm');
    // The details pane's Preview opens it too.
    await fireEvent.click(document.querySelector('[data-action="preview"]')!);
    await waitFor(() => expect(dialog()!.querySelector('video')).not.toBeNull());
  });

  it('says why a preview failed, and Try again asks again', async () => {
    let calls = 0;
    setBackend(
      memoryBackend(
        { '/': [file('/notes.html', 40)] },
        {
          preview: async (_source, id) => {
            calls += 1;
            if (calls === 1) throw new Error('Dropbox had a problem (503 Service Unavailable): trying again may work');
            return previews[id];
          },
        },
      ),
    );
    render(App);
    await waitFor(() => expect(row('notes.html')).not.toBeNull());
    const list = document.querySelector('[role="listbox"]') as HTMLElement;
    await fireEvent.keyDown(list, { key: 'p' });
    const dialog = () => document.querySelector('[data-view="quicklook"]') as HTMLElement;
    await waitFor(() => expect(dialog().querySelector('[role="alert"]')!.textContent).toContain('503 Service Unavailable'));
    await fireEvent.click(dialog().querySelector('[data-action="retry-preview"]')!);
    await waitFor(() => expect(dialog().querySelector('[data-field="text"]')).not.toBeNull());
    expect(calls).toBe(2);
  });

  it('has no preview for a folder', async () => {
    setBackend(memoryBackend({ '/': [folder('/Sub')], '/Sub': [] }));
    render(App);
    await waitFor(() => expect(row('Sub')).not.toBeNull());
    const list = document.querySelector('[role="listbox"]') as HTMLElement;
    await fireEvent.keyDown(list, { key: 'p' });
    expect(document.querySelector('[data-view="quicklook"]')).toBeNull();
  });
});

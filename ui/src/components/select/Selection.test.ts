import { app } from '../../lib/state/app.svelte';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { drives } from '../../lib/state/drives.svelte';
import { SOURCES, dropboxAccount, file, memoryBackend, tree, row } from '../../lib/testing';
import { NO_RESTRICTIONS } from '../../lib/restrictions';

describe('the selection', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

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
    await fireEvent.click(tray.querySelector('[data-selected="b.pdf"] [aria-label^="Remove"]')!);
    expect(bar.textContent).toContain('2 selected');
    await fireEvent.click(screen.getByText('Pick'));
    await screen.findByText('2 files stored');
    expect(requests).toEqual([
      {
        items: [
          { source: 'local', id: '/a.txt' },
          { source: ada.id, id: '/a.txt' },
        ],
        linkOnly: false,
        reuseDuplicates: false,
        documentsToPdf: false,
      },
    ]);
    expect(document.querySelector('[data-field="json"]')!.textContent).toContain('"filesUploaded"');
    // Each stored file says which drive it came from.
    const from = [...document.querySelectorAll('[data-field="from"]')].map((el) => el.textContent!.replace(/\s+/g, ' ').trim());
    expect(from).toEqual(['This computer /a.txt', 'Dropbox /a.txt']);
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

  it('picks a file at once on a double-click, or adds it to a selection and waits on Upload', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    // A double-click is two clicks and a dblclick, as the browser sends them.
    const doubleClick = async (el: HTMLElement) => {
      await fireEvent.click(el, { detail: 1 });
      await fireEvent.click(el, { detail: 2 });
      await fireEvent.dblClick(el, { detail: 2 });
    };
    await fireEvent.click(row('b.pdf'));
    await doubleClick(row('a.txt'));
    expect(document.querySelector('footer[aria-label="Selection"]')!.textContent).toContain('2 selected');
    expect(document.activeElement?.getAttribute('data-action')).toBe('upload');
    expect(document.querySelector('[data-view="result"]')).toBeNull();

    await fireEvent.click(screen.getByText('Clear'));
    await doubleClick(row('a.txt'));
    await screen.findByText('1 file stored');
    expect([...document.querySelectorAll('[data-filename]')].map((el) => el.getAttribute('data-filename'))).toEqual(['a.txt']);
  });

  it('keeps the selection on Esc, and clears it only with Clear, which can be undone', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    await fireEvent.click(row('b.pdf'));
    const list = document.querySelector('[role="listbox"]') as HTMLElement;
    list.focus();
    await fireEvent.keyDown(list, { key: 'Escape' });
    expect(document.querySelector('footer[aria-label="Selection"]')!.textContent).toContain('2 selected');
    expect(document.activeElement).not.toBe(list);

    await fireEvent.click(screen.getByText('Clear'));
    expect(document.querySelector('footer[aria-label="Selection"]')?.textContent ?? '').not.toContain('selected');
    expect(document.querySelector('[data-field="undo"]')!.textContent).toContain('Cleared 2 selected files');
    await fireEvent.click(screen.getByText('Undo'));
    expect(document.querySelector('footer[aria-label="Selection"]')!.textContent).toContain('2 selected');
    expect(document.querySelector('[data-field="undo"]')).toBeNull();
  });
});

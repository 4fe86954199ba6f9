import { app } from '../../lib/state/app.svelte';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { SOURCES, dropboxAccount, file, folder, memoryBackend, tree, row } from '../../lib/testing';
import type { DriveItem } from '../../lib/bindings/DriveItem';

describe('browsing a drive', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('lists the sources and opens This computer', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    expect(screen.getByText('Not connected')).toBeTruthy();
    const names = [...document.querySelectorAll('[role="option"]')].map((el) => el.getAttribute('data-name'));
    expect(names).toEqual(['Photos', 'a.txt', 'b.pdf']);
  });

  it('says so when a folder is empty', async () => {
    setBackend(memoryBackend({ '/': [folder('/Empty')], '/Empty': [] }));
    render(App);
    await screen.findByText('Empty');
    await fireEvent.click(row('Empty'));
    await screen.findByText('This folder is empty');
    expect(screen.getByText('There are no files here to pick.')).toBeTruthy();
  });

  it('explains a folder that cannot be opened', async () => {
    setBackend(memoryBackend({}, {}));
    render(App);
    await screen.findByText('Could not open this folder');
    expect(screen.getByRole('alert').textContent).toContain('/ no longer exists');
  });

  it('loads a big folder page by page as it scrolls, drawing only the rows in view', async () => {
    const big = Array.from({ length: 450 }, (_, i) => file(`/Big/f${String(i).padStart(4, '0')}.txt`, i));
    setBackend(memoryBackend({ '/': [folder('/Big')], '/Big': big }));
    render(App);
    await waitFor(() => expect(row('Big')).not.toBeNull());
    await fireEvent.click(row('Big'));
    await waitFor(() => expect(document.querySelector('[data-field="count"]')!.textContent).toContain('200 items so far'));
    expect(document.querySelectorAll('[role="option"]').length).toBeLessThan(100);
    const list = document.querySelector('[role="listbox"]') as HTMLElement;
    list.scrollTop = 7000;
    await fireEvent.scroll(list);
    await waitFor(() => expect(document.querySelector('[data-field="count"]')!.textContent).toContain('400 items so far'));
    list.scrollTop = 17600;
    await fireEvent.scroll(list);
    await waitFor(() => expect(document.querySelector('[data-field="count"]')!.textContent!.trim()).toBe('450 items'));
    expect(row('f0449.txt')).not.toBeNull();
    expect(row('f0000.txt')).toBeNull();
  });

  it('goes to the real end on End, loading the rest, and the footer says what is happening', async () => {
    const big = Array.from({ length: 450 }, (_, i) => file(`/Big/f${String(i).padStart(4, '0')}.txt`, i));
    setBackend(memoryBackend({ '/': [folder('/Big')], '/Big': big }));
    render(App);
    await waitFor(() => expect(row('Big')).not.toBeNull());
    await fireEvent.click(row('Big'));
    const count = () => document.querySelector('[data-field="count"]')!.textContent!.replace(/\s+/g, ' ').trim();
    await waitFor(() => expect(count()).toBe('200 items so far · more below (End loads them all)'));
    const list = document.querySelector('[role="listbox"]') as HTMLElement;
    await fireEvent.keyDown(list, { key: 'End' });
    await waitFor(() => expect(count()).toBe('450 items'));
    await waitFor(() => expect(row('f0449.txt')).not.toBeNull());
  });

  it('keeps the keyboard in the list after a click on a column heading', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    const heading = document.querySelector('[data-sort="size"]') as HTMLElement;
    // A real click focuses the button it lands on.
    heading.focus();
    await fireEvent.click(heading);
    expect(document.activeElement?.getAttribute('role')).toBe('listbox');
  });

  it('sorts by a column, loading the rest of the folder first', async () => {
    const many = Array.from({ length: 250 }, (_, i) => file(`/n${i}.txt`, i === 7 ? 10_000_000 : i));
    setBackend(memoryBackend({ '/': many }));
    render(App);
    await waitFor(() => expect(row('n0.txt')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-sort="size"]')!);
    await waitFor(() => expect(document.querySelector('[role="option"]')!.getAttribute('data-name')).toBe('n7.txt'));
    expect(document.querySelector('[data-field="count"]')!.textContent!.trim()).toBe('250 items');
    expect(document.querySelector('[data-sort="size"]')!.parentElement!.getAttribute('aria-sort')).toBe('descending');
  });

  it('filters the folder as you type, and asks the drive once typing pauses, its results below', async () => {
    const ada = dropboxAccount('Ada', 'ada@example.test');
    const sources = [ada, SOURCES[1]];
    const hashed = { ...file('/Photos/beach.jpg', 2_000_000), hash: { algorithm: 'sha1' as const, value: 'ab12cd34' } };
    const asked: string[] = [];
    let answer: (found: DriveItem[]) => void = () => {};
    setBackend(
      memoryBackend({ '/': [folder('/Photos'), file('/beach notes.txt', 10), file('/b.pdf', 20)], '/Photos': [hashed] }, {
        listSources: async () => sources,
        watchSources: async (on) => on(sources),
        searchDrive: (_source, query) => {
          asked.push(query);
          return new Promise((resolve) => (answer = resolve));
        },
      }),
    );
    render(App);
    const drive = () => document.querySelector(`[data-source="${ada.id}"]`)!;
    await waitFor(() => expect(drive()).not.toBeNull());
    await fireEvent.click(drive());
    await screen.findByText('b.pdf');
    await fireEvent.keyDown(window, { key: '/' });
    const box = screen.getByRole('searchbox');
    expect(document.activeElement).toBe(box);
    for (const typed of ['b', 'be', 'bea', 'beach']) await fireEvent.input(box, { target: { value: typed } });
    // At once: the folder's own matches, under their heading; the drive is not asked yet.
    const lines = () => [...document.querySelectorAll('[data-heading], [role="option"]')].map((el) => el.getAttribute('data-heading') ?? el.getAttribute('data-name'));
    expect(lines()).toEqual(['here', 'beach notes.txt', 'drive']);
    expect(document.querySelector('[data-heading="drive"]')!.textContent).toBe('Searching Dropbox…');
    expect(asked).toEqual([]);
    // After the pause, once, for the last words.
    await waitFor(() => expect(asked).toEqual(['beach']));
    answer([file('/beach notes.txt', 10), hashed]);
    await waitFor(() => expect(lines()).toEqual(['here', 'beach notes.txt', 'drive', 'beach.jpg']));
    expect(document.querySelector('[data-heading="here"]')!.textContent).toBe('In this folder');
    expect(document.querySelector('[data-heading="drive"]')!.textContent).toBe('Elsewhere in Dropbox');
    expect(document.querySelector('[data-field="results"]')!.textContent).toContain('2 found for “beach”');
    expect(row('beach.jpg').textContent).toContain('/Photos/beach.jpg');
    await fireEvent.click(row('beach.jpg'));
    await fireEvent.click(document.querySelector('[data-action="details"]')!);
    expect(document.querySelector('[data-field="hash"]')!.textContent).toBe('ab12cd34');
    expect(document.querySelector('[data-view="details"]')!.textContent).toContain('SHA-1');

    // Enter asks at once; the grid shows where each result is.
    await fireEvent.input(box, { target: { value: 'beach.jpg' } });
    await fireEvent.submit(box.closest('form')!);
    expect(asked).toEqual(['beach', 'beach.jpg']);
    answer([hashed]);
    await fireEvent.click(document.querySelector('[data-layout-button="grid"]')!);
    await waitFor(() => expect(document.querySelector('[data-layout="grid"] [data-name="beach.jpg"] [data-field="where"]')!.textContent).toBe('/Photos'));
    await fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(row('b.pdf')).not.toBeNull());
    expect(document.querySelector('[data-heading]')).toBeNull();
  });

  it('filters This computer, which has no search of its own, as you type', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'PDF' } });
    const lines = [...document.querySelectorAll('[data-heading], [role="option"]')].map((el) => el.getAttribute('data-heading') ?? el.getAttribute('data-name'));
    expect(lines).toEqual(['here', 'b.pdf']);
    expect(document.querySelector('[data-field="results"]')!.textContent).toContain('1 found for “PDF”');
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'nothing like it' } });
    await screen.findByText('Nothing found');
    expect(screen.getByText('No file or folder in this folder matches “nothing like it”.')).toBeTruthy();
  });

  it('keeps the sort control and the item count in the grid', async () => {
    setBackend(memoryBackend({ '/': [file('/small.png', 10), file('/big.png', 9000), file('/mid.png', 500)] }));
    render(App);
    await waitFor(() => expect(row('big.png')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-layout-button="grid"]')!);
    await waitFor(() => expect(document.querySelector('[data-layout="grid"]')).not.toBeNull());
    expect(document.querySelector('[data-field="count"]')!.textContent!.trim()).toBe('3 items');
    const names = () => [...document.querySelectorAll('[data-layout="grid"] [data-name]')].map((el) => el.getAttribute('data-name'));
    expect(names()).toEqual(['big.png', 'mid.png', 'small.png']);
    const select = document.querySelector('#grid-sort') as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'size' } });
    await waitFor(() => expect(names()).toEqual(['big.png', 'mid.png', 'small.png']));
    await fireEvent.click(document.querySelector('[data-action="flip-sort"]')!);
    await waitFor(() => expect(names()).toEqual(['small.png', 'mid.png', 'big.png']));
  });

  it('shows a grid with thumbnails of the images and icons for the rest', async () => {
    setBackend(memoryBackend({ '/': [file('/beach.jpg', 10), file('/notes.txt', 5), file('/sun.PNG', 7)] }));
    render(App);
    await waitFor(() => expect(row('beach.jpg')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-layout-button="grid"]')!);
    await waitFor(() => expect(document.querySelector('[data-layout="grid"]')).not.toBeNull());
    const pictures = [...document.querySelectorAll('img[data-thumbnail]')].map((img) => img.getAttribute('data-thumbnail'));
    expect(pictures).toEqual(['beach.jpg', 'sun.PNG']);
    expect(document.querySelector('img[data-thumbnail="beach.jpg"]')!.getAttribute('src')).toContain(encodeURIComponent('local|/beach.jpg|256'));
    const grid = document.querySelector('[data-layout="grid"]') as HTMLElement;
    grid.focus();
    await fireEvent.keyDown(grid, { key: ' ' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: ' ' });
    expect(row('beach.jpg').getAttribute('aria-selected')).toBe('true');
    expect(row('notes.txt').getAttribute('aria-selected')).toBe('true');
    // A picture that cannot be made gives way to the file's icon.
    await fireEvent.error(document.querySelector('img[data-thumbnail="sun.PNG"]')!);
    await waitFor(() => expect(document.querySelector('img[data-thumbnail="sun.PNG"]')).toBeNull());
  });

  it('shows no dashes for a folder without a size or a date', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    expect(row('Photos').textContent).not.toContain('—');
    expect(row('b.pdf').textContent).toContain('3.4 MB');
  });

  it('gives a CSV file its own icon, not the spreadsheet one', async () => {
    setBackend(memoryBackend({ '/': [file('/data.csv', 10), file('/book.xlsx', 10)] }));
    render(App);
    await waitFor(() => expect(row('data.csv')).not.toBeNull());
    const icon = (name: string) => row(name).querySelector('svg.file-icon')!;
    expect(icon('data.csv').getAttribute('data-kind')).toBe('csv');
    expect(icon('data.csv').textContent).toBe('CSV');
    expect(icon('book.xlsx').textContent).toBe('XLS');
  });

  it('asks for a file in an empty details pane', async () => {
    setBackend(memoryBackend({ '/': [] }));
    render(App);
    await fireEvent.click(await waitFor(() => document.querySelector('[data-action="details"]') as HTMLElement));
    expect(document.querySelector('[data-view="details"]')!.textContent).toContain('Select a file to see its details.');
  });

  it('shows a video\'s length in the details and nothing more without ffmpeg', async () => {
    setBackend(
      memoryBackend(
        { '/': [file('/holiday.mp4', 10), file('/clip.webm', 10)] },
        {
          mediaInfo: async (_source, id) => {
            if (id === '/clip.webm') throw { code: 'unsupported', message: 'Video pictures need ffmpeg' };
            return { duration: 83.4, width: 1920, height: 1080 };
          },
        },
      ),
    );
    render(App);
    await waitFor(() => expect(row('holiday.mp4')).not.toBeNull());
    await fireEvent.click(row('holiday.mp4'));
    await fireEvent.click(document.querySelector('[data-action="details"]')!);
    await waitFor(() => expect(document.querySelector('[data-view="details"] [data-field="length"]')!.textContent).toBe('1:23'));
    expect(document.querySelector('[data-view="details"] [data-field="dimensions"]')!.textContent).toBe('1,920 × 1,080 px');
    await fireEvent.click(row('clip.webm'));
    await waitFor(() => expect(document.querySelector('[data-view="details"] h3')!.textContent).toBe('clip.webm'));
    expect(document.querySelector('[data-view="details"] [data-field="length"]')).toBeNull();
    // It says what is missing.
    await waitFor(() => expect(document.querySelector('[data-view="details"] [data-field="media-problem"]')!.textContent).toContain('Video pictures need ffmpeg'));
  });
});

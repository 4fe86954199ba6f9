import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { setBackend } from './backend';
import { app } from './state/app.svelte';
import { memoryBackend, row, tree } from './testing';
import { tabStops } from './tabOrder';

/** What a stop is, in a word a test can read. */
function named(el: Element): string {
  const region = el.closest('[data-tab-region]')?.getAttribute('data-tab-region');
  const what = el.getAttribute('data-action') ?? el.getAttribute('data-source') ?? el.getAttribute('data-place') ?? el.getAttribute('aria-label') ?? el.textContent?.trim();
  return `${region}:${what}`;
}

describe('the keyboard order of the main view', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('goes skip link → files → selection bar → sidebar → tools, and round again', async () => {
    setBackend(memoryBackend(tree));
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(row('a.txt'));
    const order = tabStops().map(named);
    const regions = order.map((s) => s.split(':')[0]);
    // Each region once, whole, in order.
    expect([...new Set(regions)]).toEqual(['skip', 'files', 'selection', 'sources', 'tools']);
    expect(regions).toEqual([...regions].sort((a, b) => ['skip', 'files', 'selection', 'sources', 'tools'].indexOf(a) - ['skip', 'files', 'selection', 'sources', 'tools'].indexOf(b)));
    expect(order[0]).toBe('skip:Skip to files');
    expect(order[1]).toBe('files:Files and folders');
    expect(order[2]).toBe('selection:show-selection');
    expect(order.indexOf('selection:upload')).toBe(order.indexOf('sources:recent') - 1);
    const tools = order.filter((s) => s.startsWith('tools:'));
    expect(tools.indexOf('tools:Search This computer')).toBeLessThan(tools.indexOf('tools:List'));

    // Tab from the list goes to the selection bar at once, and Shift+Tab back.
    const list = document.querySelector('[role="listbox"]') as HTMLElement;
    list.focus();
    await fireEvent.keyDown(window, { key: 'Tab' });
    expect(document.activeElement?.getAttribute('data-action')).toBe('show-selection');
    await fireEvent.keyDown(window, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(list);
    // From the last tool, round to the skip link.
    const all = tabStops();
    all[all.length - 1].focus();
    await fireEvent.keyDown(window, { key: 'Tab' });
    expect(document.activeElement?.textContent).toBe('Skip to files');
  });
});

import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { picker } from '../../lib/picker.svelte';
import { SOURCES, dropboxAccount, file, memoryBackend, windowEvents } from '../../lib/testing';
import type { ScriptPick } from '../../lib/bindings/ScriptPick';

const tree = { '/': [file('/a.txt', 1200)] };
const providers = () => [...document.querySelectorAll('.sidebar [data-provider]')].map((b) => (b as HTMLElement).dataset.provider);

describe('a pick a script waits for', () => {
  beforeEach(() => picker.reset());
  afterEach(() => cleanup());

  it('shows only the drives it names, says a script waits, and stores where it says', async () => {
    let script: ScriptPick | null = null;
    const sources = [dropboxAccount('Ada', 'ada@example.test'), ...SOURCES.slice(1)];
    setBackend(memoryBackend(tree, { listSources: async () => sources, watchSources: async (onChange) => onChange(sources), scriptPick: async () => script }));
    render(App);
    await screen.findByText('a.txt');
    expect(providers()).toEqual(['dropbox', 'local']);
    expect(document.querySelector('[data-testid="script-pick"]')).toBeNull();

    script = { from: ['dropbox'], storeTo: { location: 'dropbox', path: '/Uploads' }, linkOnly: true };
    await windowEvents.current!({ kind: 'scriptPick' });
    await waitFor(() => expect(providers()).toEqual(['dropbox']));
    expect(screen.getByTestId('script-pick').textContent).toContain('A script is waiting for this pick');
    expect(picker.sourceId).toBe('dropbox:ada@example.test');
    expect(picker.storeTo).toEqual({ location: 'dropbox', path: '/Uploads' });
    expect(picker.linkOnly).toBe(true);
  });
});

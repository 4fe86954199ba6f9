import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { app } from '../../lib/state/app.svelte';
import { dropboxApp, memoryBackend, tree } from '../../lib/testing';
import type { ProviderAppInput } from '../../lib/bindings/ProviderAppInput';

describe("a drive's own app in Settings", () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it("sets up a drive's own app in Settings, with how to register it", async () => {
    const saved: ProviderAppInput[] = [];
    setBackend(
      memoryBackend(tree, {
        saveProviderApp: async (_provider, input) => {
          if (input.clientId.includes(' ')) throw { code: 'invalid_input', message: 'a client id is one word, with no spaces' };
          saved.push(input);
          return [{ ...dropboxApp(), clientId: input.clientId, redirectPort: input.redirectPort }];
        },
      }),
    );
    render(App);
    await screen.findByText('b.pdf');
    await fireEvent.click(screen.getByText('Settings'));
    const app = await waitFor(() => document.querySelector('[data-provider-app="dropbox"]') as HTMLDetailsElement);
    expect(app.querySelector('summary')!.textContent).toContain('Not set up');
    expect(app.querySelector('[data-field="redirect-uri"]')!.textContent).toBe('http://127.0.0.1:53682/callback');
    expect(app.querySelector('[data-field="guide"]')!.textContent).toContain('Dropbox App Console');

    const id = app.querySelector('#dropbox-clientId') as HTMLInputElement;
    const port = app.querySelector('#dropbox-redirectPort') as HTMLInputElement;
    await fireEvent.input(id, { target: { value: 'two words' } });
    await fireEvent.click(app.querySelector('[data-action="save-app"]')!);
    expect((await screen.findByRole('alert')).textContent).toContain('no spaces');

    await fireEvent.input(id, { target: { value: 'abc123' } });
    await fireEvent.input(port, { target: { value: 'eighty' } });
    await fireEvent.click(app.querySelector('[data-action="save-app"]')!);
    expect((await screen.findByRole('alert')).textContent).toBe('The redirect port is a number, like 53682');
    expect(saved).toEqual([]);

    await fireEvent.input(port, { target: { value: '8123' } });
    await fireEvent.click(app.querySelector('[data-action="save-app"]')!);
    await screen.findByText('Dropbox app saved.');
    expect(saved).toEqual([{ clientId: 'abc123', tenant: '', redirectPort: 8123, serverUrl: '', clientSecret: '' }]);
    expect(app.querySelector('summary')!.textContent).toContain('Set up');
  });
});

import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { app } from '../../lib/state/app.svelte';
import { file, memoryBackend } from '../../lib/testing';
import type { Delivery } from '../../lib/bindings/Delivery';
import type { SettingsView } from '../../lib/bindings/SettingsView';

const tree = { '/': [file('/a.txt', 1200)] };

async function openSettings() {
  render(App);
  await screen.findByText('a.txt');
  await fireEvent.click(screen.getByText('Settings'));
  return waitFor(() => {
    const hooks = document.querySelector('[data-testid="webhooks"]');
    if (!hooks) throw new Error('no webhooks yet');
    return hooks as HTMLElement;
  });
}

const click = (selector: string) => fireEvent.click(document.querySelector(selector)!);

/** Types `value` into a field and leaves it, as a user does. */
async function type(selector: string, value: string) {
  const field = document.querySelector(selector)!;
  await fireEvent.input(field, { target: { value } });
  await fireEvent.change(field);
}

describe('webhooks in Settings', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('adds URLs with their own events and saves each change as it is made', async () => {
    const saved: SettingsView[] = [];
    setBackend(memoryBackend(tree, { saveSettings: async (s) => (saved.push(s), { ...s, webhooks: s.webhooks.filter((h) => h.url) }) }));
    const hooks = await openSettings();
    expect(hooks.textContent).toContain('No webhooks yet');
    const last = () => saved[saved.length - 1].webhooks;

    await click('[data-action="add-webhook"]');
    expect(saved).toEqual([]);
    await type('#hook-0', 'https://hooks.example/all');
    await waitFor(() => expect(last()).toEqual([{ url: 'https://hooks.example/all', events: ['all'] }]));
    await click('[data-action="add-webhook"]');
    await type('#hook-1', 'https://hooks.example/some');
    const second = document.querySelector('[data-webhook="1"]')!;
    expect(second.querySelector('input[name="fp.export"]')).toBeNull();
    await fireEvent.click(second.querySelector('input[name="all"]')!);
    await fireEvent.click(second.querySelector('input[name="fp.export"]')!);
    await waitFor(() =>
      expect(last()).toEqual([
        { url: 'https://hooks.example/all', events: ['all'] },
        { url: 'https://hooks.example/some', events: ['fp.upload', 'fp.converse'] },
      ]),
    );
    expect(document.querySelector('[data-saved="webhooks"]')!.textContent).toBe('Saved');

    await click('[data-webhook="0"] [data-action="remove-webhook"]');
    expect((document.querySelector('#hook-0') as HTMLInputElement).value).toBe('https://hooks.example/some');
    await waitFor(() => expect(last()).toEqual([{ url: 'https://hooks.example/some', events: ['fp.upload', 'fp.converse'] }]));
  });

  it('hides the signing secret until asked, copies it, and rotates it only when told to', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    let rotations = 0;
    setBackend(memoryBackend(tree, { rotateSigningSecret: async () => `whsec-new-${++rotations}` }));
    await openSettings();
    const value = await waitFor(() => {
      const v = document.querySelector('[data-field="secret"]')!;
      expect(v.textContent).toContain('•');
      return v;
    });
    expect(document.body.textContent).not.toContain('whsec-first');

    await click('[data-action="copy-secret"]');
    expect(writeText).toHaveBeenCalledWith('whsec-first');
    await screen.findByText('Signing secret copied.');
    await click('[data-action="show-secret"]');
    expect(value.textContent!.trim()).toBe('whsec-first');

    await click('[data-action="rotate-secret"]');
    expect(rotations).toBe(0);
    await fireEvent.click(screen.getByText('Keep it'));
    expect(rotations).toBe(0);
    await click('[data-action="rotate-secret"]');
    await click('[data-action="confirm-rotate"]');
    await screen.findByText(/A new signing secret is in use/);
    expect(rotations).toBe(1);
    expect(value.textContent!.trim()).toBe('whsec-new-1');
  });

  it('sends a test event to one URL and shows the delivery log, replaying a failed one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = { url: 'https://hooks.example/in', lastError: null, created: now - 60 };
    let log: Delivery[] = [
      { ...base, id: 3, eventId: 12, action: 'fp.export', state: 'failed', attempts: 4, lastCode: 500, nextAttempt: null },
      { ...base, id: 2, eventId: 11, action: 'fp.upload', state: 'pending', attempts: 1, lastCode: 503, nextAttempt: now + 299 },
      { ...base, id: 1, eventId: 10, action: 'fp.upload', state: 'delivered', attempts: 1, lastCode: 200, nextAttempt: null },
    ];
    const tested: string[] = [];
    const replayed: number[] = [];
    setBackend(
      memoryBackend(tree, {
        getSettings: async () => ({ ...(await memoryBackend(tree).getSettings()), webhooks: [{ url: 'https://hooks.example/in', events: ['all'] }] }),
        sendTestEvent: async (url) => {
          if (!url.startsWith('http')) throw { code: 'invalid_input', message: `${url} is not a web address` };
          tested.push(url);
          log = [{ ...base, id: 4, eventId: 13, action: 'fp.test', state: 'pending', attempts: 0, lastCode: null, nextAttempt: now }, ...log];
        },
        webhookDeliveries: async () => log.map((d) => ({ ...d })),
        replayDelivery: async (id) => {
          replayed.push(id);
          log = log.map((d) => (d.id === id ? { ...d, state: 'pending', nextAttempt: now } : d));
        },
      }),
    );
    await openSettings();
    const row = (id: number) => document.querySelector(`[data-delivery="${id}"]`) as HTMLElement;
    const cell = (id: number, field: string) => row(id).querySelector(`[data-field="${field}"]`)!.textContent!.trim();
    await waitFor(() => expect(row(1)).not.toBeNull());
    expect([cell(1, 'status'), cell(1, 'attempts'), cell(1, 'response'), cell(1, 'next')]).toEqual(['Delivered', '1', 'HTTP 200', '—']);
    expect([cell(2, 'status'), cell(2, 'response'), cell(2, 'next')]).toEqual(['Retrying', 'HTTP 503', 'in 5 min']);
    expect([cell(3, 'status'), cell(3, 'attempts'), cell(3, 'response')]).toEqual(['Failed', '4', 'HTTP 500']);
    expect(row(1).querySelector('[data-action="replay"]')).toBeNull();
    expect(row(2).querySelector('[data-action="replay"]')).toBeNull();

    await fireEvent.click(row(3).querySelector('[data-action="replay"]')!);
    expect(replayed).toEqual([3]);
    await waitFor(() => expect(cell(3, 'status')).toBe('Retrying'));

    await click('[data-webhook="0"] [data-action="test-webhook"]');
    await screen.findByText(/Test event sent/);
    expect(tested).toEqual(['https://hooks.example/in']);
    await waitFor(() => expect(cell(4, 'status')).toBe('Waiting'));
    expect(row(4).textContent).toContain('fp.test');

    await fireEvent.input(document.querySelector('#hook-0')!, { target: { value: 'hooks.example' } });
    await click('[data-webhook="0"] [data-action="test-webhook"]');
    expect((await screen.findByRole('alert')).textContent).toBe('hooks.example is not a web address');
  });
});

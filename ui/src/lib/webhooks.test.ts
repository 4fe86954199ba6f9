import { describe, expect, it } from 'vitest';
import type { Delivery } from './bindings/Delivery';
import { deliveryStatus, formatDue, responseText, shortUrl, toggleEvent } from './webhooks';

const delivery = (over: Partial<Delivery>): Delivery => ({
  id: 1, eventId: 7, action: 'fp.upload', url: 'https://hooks.example/in', state: 'pending',
  attempts: 0, lastCode: null, lastError: null, nextAttempt: null, created: 0, ...over,
});

describe('webhooks in Settings', () => {
  it('ticks and clears events, All standing for every one', () => {
    expect(toggleEvent(['all'], 'all', false)).toEqual(['fp.upload', 'fp.export', 'fp.converse']);
    expect(toggleEvent(['fp.upload', 'fp.export', 'fp.converse'], 'fp.export', false)).toEqual(['fp.upload', 'fp.converse']);
    expect(toggleEvent(['fp.converse'], 'fp.upload', true)).toEqual(['fp.upload', 'fp.converse']);
    expect(toggleEvent(['fp.upload'], 'all', true)).toEqual(['all']);
    expect(toggleEvent(['fp.upload'], 'fp.upload', false)).toEqual([]);
  });

  it('keeps the picker-opened event apart: All leaves it out, and it stays when All changes', () => {
    expect(toggleEvent(['all'], 'fp.picker_open', true)).toEqual(['all', 'fp.picker_open']);
    expect(toggleEvent(['all', 'fp.picker_open'], 'all', false)).toEqual(['fp.upload', 'fp.export', 'fp.converse', 'fp.picker_open']);
    expect(toggleEvent(['fp.upload', 'fp.picker_open'], 'fp.export', true)).toEqual(['fp.upload', 'fp.export', 'fp.picker_open']);
    expect(toggleEvent(['fp.upload', 'fp.picker_open'], 'all', true)).toEqual(['all', 'fp.picker_open']);
    expect(toggleEvent(['all', 'fp.picker_open'], 'fp.picker_open', false)).toEqual(['all']);
  });

  it('says how a delivery went', () => {
    expect(deliveryStatus(delivery({}))).toBe('Waiting');
    expect(deliveryStatus(delivery({ attempts: 2 }))).toBe('Retrying');
    expect(deliveryStatus(delivery({ state: 'delivered', attempts: 1 }))).toBe('Delivered');
    expect(deliveryStatus(delivery({ state: 'failed', attempts: 4 }))).toBe('Failed');
    expect(responseText(delivery({ lastCode: 503 }))).toBe('HTTP 503');
    expect(responseText(delivery({ lastError: 'No answer in 10 s' }))).toBe('No answer in 10 s');
    expect(responseText(delivery({}))).toBe('—');
  });

  it('says when the next attempt is due', () => {
    const now = 1_000_000_000_000;
    const s = now / 1000;
    expect(formatDue(null, now)).toBe('—');
    expect(formatDue(s - 5, now)).toBe('now');
    expect(formatDue(s + 299, now)).toBe('in 5 min');
    expect(formatDue(s + 3600, now)).toBe('in 1 h');
    expect(formatDue(s + 3900, now)).toBe('in 1 h 5 min');
    expect(formatDue(s + 43_200, now)).toBe('in 12 h');
  });

  it('shortens a long URL in the middle, keeping its host and its end', () => {
    expect(shortUrl('http://127.0.0.1:8080/in')).toBe('127.0.0.1:8080/in');
    const short = shortUrl('https://hooks.example.com/teams/photos/cloudpick/receiver', 32);
    expect(short).toHaveLength(32);
    expect(short).toBe('hooks.example.c…oudpick/receiver');
  });
});

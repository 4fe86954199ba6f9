// What Settings shows of the webhooks: which events a hook gets, and how a
// delivery went, in words.
import type { Delivery } from './bindings/Delivery';

/** The events `all` stands for. */
export const ACTIONS = ['fp.upload', 'fp.export', 'fp.converse'] as const;
export const ALL = 'all';
/** Events a hook gets only when it names them, `all` or not. */
export const OPT_IN = ['fp.picker_open'] as const;

export const ACTION_NAMES: Record<string, string> = {
  'fp.upload': 'Uploads',
  'fp.export': 'Saves to a drive',
  'fp.converse': 'Conversions',
  'fp.picker_open': 'The picker opened',
  'fp.test': 'Test event',
};

/** A hook's events after one box is ticked or cleared. Clearing All ticks every event, to pick from;
 * the opt-in events (the picker opened) stay as they were. */
export function toggleEvent(events: string[], event: string, on: boolean): string[] {
  const optIn = (OPT_IN as readonly string[]).filter((e) => (e === event ? on : events.includes(e)));
  if ((OPT_IN as readonly string[]).includes(event)) {
    return [...events.filter((e) => !(OPT_IN as readonly string[]).includes(e)), ...optIn];
  }
  if (event === ALL) return on ? [ALL, ...optIn] : [...ACTIONS, ...optIn];
  const rest = events.filter((e) => e !== event && e !== ALL);
  return [...(on ? ACTIONS.filter((a) => a === event || rest.includes(a)) : rest.filter((e) => !optIn.includes(e))), ...optIn];
}

/** "Delivered", "Retrying", "Waiting" or "Failed". */
export function deliveryStatus(d: Delivery): string {
  if (d.state === 'delivered') return 'Delivered';
  if (d.state === 'failed') return 'Failed';
  return d.attempts > 0 ? 'Retrying' : 'Waiting';
}

/** What the receiver last answered: "HTTP 503", the error, or a dash. */
export function responseText(d: Delivery): string {
  if (d.lastCode !== null) return `HTTP ${d.lastCode}`;
  return d.lastError ?? '—';
}

/** When the next attempt is due: "now", "in 4 min", "in 1 h 5 min", or a dash. */
export function formatDue(unixSeconds: number | null, now: number = Date.now()): string {
  if (unixSeconds === null) return '—';
  const minutes = Math.ceil((unixSeconds * 1000 - now) / 60_000);
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `in ${hours} h` : `in ${hours} h ${rest} min`;
}

/** A URL short enough for a table cell, without its scheme, cut in the middle so both ends show. */
export function shortUrl(url: string, most = 32): string {
  const bare = url.replace(/^https?:\/\//, '');
  if (bare.length <= most) return bare;
  const head = Math.floor((most - 1) / 2);
  return `${bare.slice(0, head)}…${bare.slice(bare.length - (most - 1 - head))}`;
}

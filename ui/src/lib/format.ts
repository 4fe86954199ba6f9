// How sizes, dates and progress read on screen.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1234567 → "1.2 MB" (decimal units, as file managers on Linux and macOS show). */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** An RFC 3339 time as "Today, 14:05", "Yesterday, 09:12" or "3 Mar 2024". */
export function formatModified(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return `Today, ${time}`;
  if (days === 1) return `Yesterday, ${time}`;
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** "3 selected", "1 file", "2 files". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Percentage done, 0–100, for a progress bar. */
export function percent(done: number, total: number | null | undefined): number {
  if (!total) return done > 0 ? 100 : 0;
  return Math.min(100, Math.round((done / total) * 100));
}

/** The local path a file:// URL points at. */
export function pathFromFileUrl(url: string): string {
  if (!url.startsWith('file://')) return url;
  return decodeURIComponent(new URL(url).pathname);
}

/** Bidi controls (U+202E and the like), which could make `invoice\u202Efdp.exe` look like `invoiceexe.pdf`. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A file name as shown: its bidi controls made visible (`[U+202E]`), as the engine's notifications do. */
export function shownName(name: string): string {
  return name.replace(BIDI, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}


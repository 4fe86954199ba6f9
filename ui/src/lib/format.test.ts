import { describe, expect, it } from 'vitest';
import { formatModified, formatSize, pathFromFileUrl, percent, plural, shownName } from './format';

describe('formatSize', () => {
  it('reads like a file manager', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(999)).toBe('999 B');
    expect(formatSize(1_234)).toBe('1.2 KB');
    expect(formatSize(3_500_000)).toBe('3.5 MB');
    expect(formatSize(42_000_000_000)).toBe('42 GB');
    expect(formatSize(null)).toBe('—');
  });
});

describe('formatModified', () => {
  const now = new Date(2026, 10, 23, 15, 0);
  it('says Today and Yesterday', () => {
    expect(formatModified(new Date(2026, 10, 23, 9, 5).toISOString(), now)).toMatch(/^Today, /);
    expect(formatModified(new Date(2026, 10, 22, 23, 59).toISOString(), now)).toMatch(/^Yesterday, /);
  });
  it('gives a date for older files and a dash for none', () => {
    expect(formatModified('2024-03-03T10:00:00Z', now)).toMatch(/2024/);
    expect(formatModified(null, now)).toBe('—');
    expect(formatModified('not a date', now)).toBe('—');
  });
});

describe('helpers', () => {
  it('pluralises', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(3, 'file')).toBe('3 files');
  });
  it('computes bounded percentages', () => {
    expect(percent(50, 200)).toBe(25);
    expect(percent(300, 200)).toBe(100);
    expect(percent(0, 0)).toBe(0);
  });
  it('turns file URLs into paths', () => {
    expect(pathFromFileUrl('file:///home/me/My%20Files/%C3%A9t%C3%A9.jpg')).toBe('/home/me/My Files/été.jpg');
  });
});

describe('shownName', () => {
  it('shows bidi controls instead of obeying them', () => {
    expect(shownName('invoice\u202Efdp.exe')).toBe('invoice[U+202E]fdp.exe');
    expect(shownName('a\u2067b\u200Fc')).toBe('a[U+2067]b[U+200F]c');
    expect(shownName('Résumé 2024.pdf')).toBe('Résumé 2024.pdf');
  });
});


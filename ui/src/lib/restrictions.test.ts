// The same cases as the engine's tests in restrictions.rs.
import { describe, expect, it } from 'vitest';
import { file } from './testing';
import { NO_RESTRICTIONS, refuses, refusesCount } from './restrictions';
import cases from './restrictions.cases.json';

const typed = (name: string, size: number, mimeType: string | null) => ({ ...file(`/${name}`, size), mimeType });

describe('restrictions', () => {
  it('accepts by wildcard, exact type and extension', () => {
    const r = { ...NO_RESTRICTIONS, accept: ['image/*', '.PDF', 'text/csv'] };
    expect(refuses(r, typed('a.jpg', 1, 'image/jpeg'))).toBeNull();
    expect(refuses(r, typed('scan.pdf', 1, null))).toBeNull();
    expect(refuses(r, typed('t.csv', 1, 'text/csv'))).toBeNull();
    expect(refuses(r, typed('notes.txt', 1, 'text/plain'))).toBe('Only image/*, .PDF, text/csv can be picked');
  });

  it('takes by name pattern, extension and type the files the engine takes', () => {
    for (const c of cases as { rule: string; name: string; mime?: string; accepts: boolean }[]) {
      const r = { ...NO_RESTRICTIONS, accept: [c.rule] };
      expect(refuses(r, typed(c.name, 1, c.mime ?? null)) === null, `${c.rule} on ${c.name}`).toBe(c.accepts);
    }
  });

  it('refuses files over the size and counts out of range', () => {
    const r = { ...NO_RESTRICTIONS, min_files: 2, max_files: 3, max_size: 20_000_000 };
    expect(refuses(r, typed('big.bin', 20_000_001, null))).toBe('Larger than 20 MB, the most a file may be');
    expect(refuses(r, typed('ok.bin', 20_000_000, null))).toBeNull();
    expect(refusesCount(r, 1)).toBe('Pick at least 2 files');
    expect(refusesCount(r, 3)).toBeNull();
    expect(refusesCount(r, 4)).toBe('Pick at most 3 files');
  });
});

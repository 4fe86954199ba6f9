import { describe, expect, it } from 'vitest';
import { lineOf, linesOf } from './sections';

describe('a list with headings', () => {
  const headings = [
    { before: 0, key: 'here', label: 'In this folder' },
    { before: 2, key: 'drive', label: 'Elsewhere in Dropbox' },
  ];

  it('puts each heading before its row, and one after the last row at the end', () => {
    const lines = linesOf(3, headings).map((l) => l.heading?.key ?? l.index);
    expect(lines).toEqual(['here', 0, 1, 'drive', 2]);
    expect(linesOf(2, headings).map((l) => l.heading?.key ?? l.index)).toEqual(['here', 0, 1, 'drive']);
    expect(linesOf(0, [{ ...headings[0] }, { ...headings[1], before: 0 }]).map((l) => l.heading?.key)).toEqual(['here', 'drive']);
  });

  it('finds the line of a row', () => {
    expect([0, 1, 2].map((i) => lineOf(i, headings))).toEqual([1, 2, 4]);
    expect(lineOf(5, [])).toBe(5);
  });
});

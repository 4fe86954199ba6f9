import { describe, expect, it } from 'vitest';
import { file, folder } from './testing';
import { BY_NAME, nextSort, sortBy } from './sorting';

const items = [
  { ...file('/b10.txt', 5), modified: '2026-01-03T00:00:00Z' },
  folder('/Zeta'),
  { ...file('/b2.txt', 900), modified: '2026-01-01T00:00:00Z' },
  { ...file('/a.txt', 50), modified: '2026-01-02T00:00:00Z' },
  folder('/alpha'),
];
const names = (list: typeof items) => list.map((i) => i.name);

describe('sorting the file list', () => {
  it('puts folders first and names in natural order', () => {
    expect(names(sortBy(items, BY_NAME))).toEqual(['alpha', 'Zeta', 'a.txt', 'b2.txt', 'b10.txt']);
    expect(names(sortBy(items, { key: 'name', descending: true }))).toEqual(['Zeta', 'alpha', 'b10.txt', 'b2.txt', 'a.txt']);
  });

  it('sorts by size and by date, largest and newest first on the first click', () => {
    const bySize = nextSort(BY_NAME, 'size');
    expect(bySize).toEqual({ key: 'size', descending: true });
    expect(names(sortBy(items, bySize)).slice(2)).toEqual(['b2.txt', 'a.txt', 'b10.txt']);
    expect(names(sortBy(items, nextSort(bySize, 'modified'))).slice(2)).toEqual(['b10.txt', 'a.txt', 'b2.txt']);
    expect(nextSort(bySize, 'size')).toEqual({ key: 'size', descending: false });
  });

  it('breaks ties of size or date by name, A to Z, either way', () => {
    const same = [file('/c.txt', 10), file('/a.txt', 10), file('/b.txt', 10)];
    expect(names(sortBy(same, { key: 'size', descending: true }))).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(names(sortBy(same, { key: 'size', descending: false }))).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(names(sortBy(same, { key: 'modified', descending: true }))).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });
});

import { describe, expect, it } from 'vitest';
import type { DriveItem } from './bindings/DriveItem';
import { emptySelection, extendTo, selectAll, toggle } from './selection';

function item(name: string, kind: 'file' | 'folder' = 'file'): DriveItem {
  return { id: `/${name}`, name, kind, size: 1, modified: null, displayPath: `/${name}`, mimeType: null, hash: null };
}

const items = [item('Docs', 'folder'), item('a.txt'), item('b.txt'), item('c.txt'), item('d.txt')];

describe('selection', () => {
  it('toggles files and ignores folders', () => {
    let s = toggle(emptySelection(), items, 1);
    expect([...s.selected.keys()]).toEqual(['/a.txt']);
    s = toggle(s, items, 0);
    expect(s.selected.size).toBe(1);
    s = toggle(s, items, 1);
    expect(s.selected.size).toBe(0);
  });

  it('extends a Shift range from the anchor, both ways', () => {
    let s = toggle(emptySelection(), items, 2);
    s = extendTo(s, items, 4);
    expect([...s.selected.keys()].sort()).toEqual(['/b.txt', '/c.txt', '/d.txt']);
    s = extendTo(toggle(emptySelection(), items, 3), items, 0);
    expect([...s.selected.keys()].sort()).toEqual(['/a.txt', '/b.txt', '/c.txt']);
  });

  it('selects every file with select all', () => {
    const s = selectAll(emptySelection(), items);
    expect(s.selected.size).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import type { DriveItem } from './bindings/DriveItem';
import { emptySelection, extendTo, remove, selectAll, toggle } from './selection';

function item(name: string, kind: 'file' | 'folder' = 'file'): DriveItem {
  return { id: `/${name}`, name, kind, size: 1, modified: null, displayPath: `/${name}`, mimeType: null, hash: null };
}

const items = [item('Docs', 'folder'), item('a.txt'), item('b.txt'), item('c.txt'), item('d.txt')];

describe('selection', () => {
  it('toggles files and ignores folders', () => {
    let s = toggle(emptySelection(), 'local', items, 1);
    expect([...s.selected.values()].map((p) => p.item.id)).toEqual(['/a.txt']);
    s = toggle(s, 'local', items, 0);
    expect(s.selected.size).toBe(1);
    s = toggle(s, 'local', items, 1);
    expect(s.selected.size).toBe(0);
  });

  it('extends a Shift range from the anchor, both ways', () => {
    let s = toggle(emptySelection(), 'local', items, 2);
    s = extendTo(s, 'local', items, 4);
    expect([...s.selected.values()].map((p) => p.item.id).sort()).toEqual(['/b.txt', '/c.txt', '/d.txt']);
    s = extendTo(toggle(emptySelection(), 'local', items, 3), 'local', items, 0);
    expect([...s.selected.values()].map((p) => p.item.id).sort()).toEqual(['/a.txt', '/b.txt', '/c.txt']);
  });

  it('selects every file with select all', () => {
    const s = selectAll(emptySelection(), 'local', items);
    expect(s.selected.size).toBe(4);
  });
});

describe('a selection across drives', () => {
  it('keeps the same id on two drives apart, and removes by drive', () => {
    let s = toggle(emptySelection(), 'dropbox:a@x', items, 1);
    s = toggle(s, 'local', items, 1);
    expect(s.selected.size).toBe(2);
    expect([...s.selected.values()].map((p) => p.source)).toEqual(['dropbox:a@x', 'local']);
    s = remove(s, 'dropbox:a@x');
    expect([...s.selected.values()].map((p) => p.source)).toEqual(['local']);
    s = remove(s, 'local', '/a.txt');
    expect(s.selected.size).toBe(0);
  });
});

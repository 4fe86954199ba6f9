import { describe, expect, it } from 'vitest';
import { BY_NAME } from '../sorting';
import { app } from './app.svelte';
import { drives } from './drives.svelte';
import { folder } from './folder.svelte';

describe('the order of a folder', () => {
  it('stays with its drive, and a drive not yet sorted lists by name', () => {
    app.reset();
    drives.sourceId = 'local';
    folder.sort = { key: 'size', descending: true };
    drives.sourceId = 'dropbox:ann@example.com';
    expect(folder.sort).toEqual(BY_NAME);
    folder.sort = { key: 'modified', descending: true };
    drives.sourceId = 'local';
    expect(folder.sort).toEqual({ key: 'size', descending: true });
    app.reset();
    expect(folder.sort).toEqual(BY_NAME);
  });
});

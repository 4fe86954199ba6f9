import { app } from '../../lib/state/app.svelte';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { setBackend } from '../../lib/backend';
import { file, memoryBackend, tree, row } from '../../lib/testing';
import type { PickRequest } from '../../lib/bindings/PickRequest';
import type { Activity } from '../../lib/bindings/Activity';

describe('the image editor', () => {
  beforeEach(() => app.reset());
  afterEach(() => cleanup());

  it('edits a selected image: a square crop, a turn and a size, sent with the upload', async () => {
    const requests: PickRequest[] = [];
    const base = memoryBackend(tree);
    setBackend(
      memoryBackend(tree, {
        imageSize: async () => ({ width: 1200, height: 800 }),
        pickFiles: async (request, onProgress) => {
          requests.push(request);
          return base.pickFiles(request, onProgress);
        },
      }),
    );
    render(App);
    await fireEvent.click(await screen.findByText('Photos'));
    await fireEvent.keyDown(row('Photos') ?? document.body, { key: 'Enter' });
    await waitFor(() => expect(row('beach.jpg')).not.toBeNull());
    await fireEvent.click(row('beach.jpg'));
    await fireEvent.click(document.querySelector('[data-action="show-selection"]')!);
    await fireEvent.click(document.querySelector('[data-action="edit-image"]')!);
    const img = document.querySelector('[data-view="editor"] img') as HTMLImageElement;
    Object.defineProperty(img, 'naturalWidth', { value: 1024 });
    Object.defineProperty(img, 'naturalHeight', { value: 683 });
    await fireEvent.load(img);
    await waitFor(() => expect(document.querySelector('[data-preset="1:1"]')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-preset="1:1"]')!);
    await fireEvent.click(document.querySelector('[data-action="rotate-right"]')!);
    await fireEvent.input(document.querySelector('[data-field="width"]')!, { target: { value: '200' } });
    expect(document.querySelector('[data-field="output-size"]')!.textContent).toBe('200 × 200 px');
    await fireEvent.click(document.querySelector('[data-action="apply-edit"]')!);
    expect(document.querySelector('[data-view="editor"]')).toBeNull();
    expect(document.querySelector('[data-edited="beach.jpg"]')!.textContent).toBe('Edited');
    await fireEvent.click(screen.getByText('Pick'));
    await screen.findByText('1 file stored');
    expect(requests[0].items[0].transform).toMatchObject({
      crop: { x: 200, y: 0, width: 800, height: 800 },
      cropFirst: true,
      rotate: 90,
      width: 200,
      height: null,
      circle: false,
    });
  });

  it('edits a stored copy from Activity into a new copy beside it', async () => {
    const edits: unknown[] = [];
    const backend = memoryBackend(tree, { imageSize: async () => ({ width: 1200, height: 800 }) });
    const editStored = backend.editStored;
    backend.editStored = async (activity, position, transform) => {
      edits.push({ activity, position, transform });
      return editStored(activity, position, transform);
    };
    setBackend(backend);
    render(App);
    await fireEvent.click(await screen.findByText('Photos'));
    await fireEvent.keyDown(row('Photos') ?? document.body, { key: 'Enter' });
    await waitFor(() => expect(row('beach.jpg')).not.toBeNull());
    await fireEvent.click(row('beach.jpg'));
    await fireEvent.click(screen.getByText('Pick'));
    await screen.findByText('1 file stored');
    await fireEvent.click(screen.getByText('Activity'));
    await fireEvent.click(await screen.findByLabelText('Edit the stored copy of beach.jpg'));
    const img = (await waitFor(() => document.querySelector('[data-view="editor"] img'))) as HTMLImageElement;
    Object.defineProperty(img, 'naturalWidth', { value: 1024 });
    Object.defineProperty(img, 'naturalHeight', { value: 683 });
    await fireEvent.load(img);
    await waitFor(() => expect(document.querySelector('[data-preset="circle"]')).not.toBeNull());
    await fireEvent.click(document.querySelector('[data-preset="circle"]')!);
    await fireEvent.click(screen.getByText('Save as a new copy'));
    await waitFor(() => expect(edits).toHaveLength(1));
    await screen.findByText('Saved the edit as beach (1).png');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ position: 0, transform: { circle: true, cropFirst: true, crop: { x: 200, y: 0, width: 800, height: 800 } } });
  });
});

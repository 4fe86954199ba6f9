// The upload: where it goes and how, its progress per file, and its result.
import { backend, errorMessage } from '../backend';
import type { FileProgress } from '../bindings/FileProgress';
import type { PickResult } from '../bindings/PickResult';
import type { StoreTo } from '../bindings/StoreTo';
import { emptySelection, keyOf, type Picked } from '../selection';
import { drives } from './drives.svelte';
import { folder } from './folder.svelte';
import { portal } from './portal.svelte';
import { selection } from './selection.svelte';
import { shell } from './shell.svelte';

/** Uploads of this size and more to a drive with resumable uploads are
 * journaled and can be paused (the engine's `RESUMABLE_FROM`). */
export const RESUMABLE_FROM = 8 * 1024 * 1024;

class UploadStore {
  progress = $state<FileProgress[]>([]);

  /** The files of the running (or last) upload, in the order of `progress`. */
  picked = $state.raw<Picked[]>([]);

  /** When it started, for the speed. */
  started = $state(0);

  result = $state<PickResult | null>(null);

  uploading = $state(false);

  /** Where the next upload goes (null: the storage folder), and how. */
  storeTo = $state<StoreTo | null>(null);

  linkOnly = $state(false);

  /** Office documents are stored as PDFs (LibreOffice converts them). */
  documentsToPdf = $state(false);

  /** The folder This computer's copies go to (Settings' storage folder). */
  storageFolder = $state('');

  /** Why the last upload could not start (its storage could not be used): shown beside the button. */
  problem = $state<string | null>(null);

  /** The button's name: what it does with the selection. */
  get action(): string {
    if (portal.request) return portal.acceptLabel;
    const to = this.storeTo;
    return to && !this.linkOnly && to.location !== 'local' ? `Upload to ${drives.nameOf(to.location.split(':')[0])}` : 'Pick';
  }

  reuseDuplicates = $state(false);

  /** Copies the selection to the storage location, with progress per file. */
  async begin(): Promise<void> {
    const picked = selection.items;
    if (picked.length === 0 || this.uploading || selection.uploadBlocked) return;
    this.result = null;
    this.problem = null;
    if (await this.run(picked)) selection.state = emptySelection();
  }

  /** Tries the files that failed again; what is stored already stays. */
  async retryFailed(): Promise<void> {
    const failed = this.picked.filter((_, i) => this.progress[i]?.status === 'failed');
    if (failed.length === 0 || this.uploading) return;
    await this.run(failed);
  }

  /** Runs one pick of `picked`; the result adds to the one on screen. */
  private async run(picked: Picked[]): Promise<boolean> {
    this.uploading = true;
    shell.view = 'upload';
    this.picked = picked;
    this.started = Date.now();
    this.progress = picked.map(({ item }, index) => ({
      index,
      filename: item.name,
      status: 'queued',
      bytesDone: 0,
      bytesTotal: item.size,
      error: null,
    }));
    const items = picked.map(({ source, item }) => ({
      source,
      id: item.id,
      transform: selection.edits.get(keyOf(source, item.id))?.transform,
    }));
    const onProgress = (p: FileProgress) => {
      this.progress[p.index] = p;
    };
    try {
      if (portal.request) {
        // For another application: cloud files come down, then it has them all.
        await backend().openForApp({ items, documentsToPdf: false }, onProgress);
        // Unless Cancel all answered it already.
        if (portal.request) portal.finish();
        return true;
      }
      const result = await backend().pickFiles(
        {
          items,
          storeTo: this.storeTo ?? undefined,
          linkOnly: this.linkOnly,
          reuseDuplicates: this.reuseDuplicates,
          documentsToPdf: this.documentsToPdf,
        },
        onProgress,
      );
      const earlier = this.result?.filesUploaded ?? [];
      this.result = { filesUploaded: [...earlier, ...result.filesUploaded], filesFailed: result.filesFailed };
      shell.view = 'result';
      return true;
    } catch (e) {
      // The storage could not be used: said beside the button; the folder stays as it was.
      this.problem = errorMessage(e);
      shell.view = 'browse';
      return false;
    } finally {
      this.uploading = false;
    }
  }

  /** Whether a file of the running upload can be paused: a large file going
   * to a drive with resumable uploads. */
  canPause(index: number): boolean {
    const size = this.picked[index]?.item.size ?? 0;
    const location = this.storeTo?.location ?? '';
    const drive = drives.sources.find((s) => s.id === location) ?? drives.sources.find((s) => s.provider === location.split(':')[0]);
    return !this.linkOnly && size >= RESUMABLE_FROM && (drive?.capabilities.resumableUpload ?? false);
  }

  async pauseFile(index: number): Promise<void> {
    await backend().pausePickFile(index);
  }

  /** Stops one file of the running upload. */
  async cancelFile(index: number): Promise<void> {
    await backend().cancelPickFile(index);
  }

  async cancel(): Promise<void> {
    // For an application: it hears "cancelled" at once, then the downloads stop.
    if (portal.request) await portal.cancel();
    await backend().cancelPick();
  }

  pickMore(): void {
    this.result = null;
    this.progress = [];
    shell.view = 'browse';
    void folder.reload();
  }
}

export const upload = new UploadStore();

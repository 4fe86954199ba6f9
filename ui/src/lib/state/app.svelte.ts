// A fresh window's start: Settings, a script's pick, the sources; and back to that state.
import type { GivenPath } from '../bindings/GivenPath';
import { backend, errorMessage } from '../backend';
import type { DriveItem } from '../bindings/DriveItem';
import type { ScriptPick } from '../bindings/ScriptPick';
import { emptySelection } from '../selection';
import { NO_RESTRICTIONS } from '../restrictions';
import { drives } from './drives.svelte';
import { editing } from './editing.svelte';
import { quickLook } from './quicklook.svelte';
import { folder } from './folder.svelte';
import { portal } from './portal.svelte';
import { saving } from './saving.svelte';
import { search } from './search.svelte';
import { selection } from './selection.svelte';
import { shell } from './shell.svelte';
import { upload } from './upload.svelte';


/** The `source` of a file given by its path on this computer (the engine's `PATH_SOURCE`). */
export const PATH_SOURCE = 'path';

/** A file of this computer by its absolute path, as the save dialog lists it. */
/** A file the script gave, named by its token (the engine takes no path from the window). */
function localFile(file: GivenPath, name: string | null): DriveItem {
  const own = file.path.split('/').pop() ?? file.path;
  return { id: file.token, name: name ?? own, kind: 'file', size: null, modified: null, displayPath: file.path, mimeType: null, hash: null };
}

class AppStore {
  constructor() {
    // An application answered: back to the window as it was.
    portal.onDone = () => {
      this.reset();
      void this.start();
    };
  }

  /** The pick a script waits for (`cloudpick pick`), with its drives and storage. */
  script = $state.raw<ScriptPick | null>(null);

  /** Back to a fresh window's state. */
  reset(): void {
    drives.sourceId = 'local';
    shell.hold = null;
    shell.leaving = null;
    shell.view = 'browse';
    folder.listing = null;
    folder.waiting = null;
    search.clear();
    folder.sorts = new Map();
    folder.cursor = 0;
    selection.rules = NO_RESTRICTIONS;
    upload.storeTo = null;
    upload.linkOnly = false;
    upload.documentsToPdf = false;
    upload.problem = null;
    upload.storageFolder = '';
    this.script = null;
    portal.request = null;
    saving.drive = null;
    upload.reuseDuplicates = false;
    shell.notice = null;
    selection.measured = new Map();
    folder.layout = 'list';
    folder.showDetails = false;
    upload.picked = [];
    shell.error = null;
    selection.state = emptySelection();
    selection.edits = new Map();
    editing.item = null;
    quickLook.close();
    editing.stored = null;
    saving.open = false;
    saving.files = [];
    upload.progress = [];
    upload.result = null;
    upload.uploading = false;
  }

  async start(): Promise<void> {
    drives.showLast();
    try {
      const settings = await backend().getSettings();
      this.script = await backend().scriptPick();
      portal.request = this.script?.portal ?? null;
      selection.rules = settings.restrictions;
      upload.storeTo = this.script?.storeTo ?? settings.storeTo;
      upload.storageFolder = settings.storageFolder;
      upload.linkOnly = this.script?.linkOnly ?? false;
      upload.documentsToPdf = this.script?.documentsToPdf ?? false;
      drives.sources = await backend().listSources();
      // Accounts kept from earlier runs open in the background.
      void backend().watchSources((sources) => drives.adopt(sources));
    } catch (e) {
      shell.error = errorMessage(e);
    }
    const first = drives.shownSources.find((s) => s.provider === 'local') ?? drives.shownSources[0];
    await drives.choose(first?.id ?? 'local');
    // The application's folder, where it names one of This computer.
    const start = this.script?.startFolder;
    if (start && drives.sourceId === 'local') await folder.open(start);
    if (portal.saves) {
      // An application's save: the save dialog, on This computer when it named a folder there.
      saving.drive = start ? 'local' : null;
      saving.to(portal.savedNames.map((name) => ({ source: 'portal', item: { id: name, name, kind: 'file', size: null, modified: null, displayPath: '', mimeType: null, hash: null } })));
    }
    const scripted = this.script?.save;
    if (scripted) {
      saving.drive = scripted.drive;
      saving.to(scripted.given.map((file) => ({ source: PATH_SOURCE, item: localFile(file, scripted.name) })));
    }
  }
}

export const app = new AppStore();

// A backend for UI tests: an in-memory folder tree and a pick that reports
// progress like the real one.
import type { Activity } from './bindings/Activity';
import type { Backend } from './backend';
import type { DriveItem } from './bindings/DriveItem';
import type { ProviderApp } from './bindings/ProviderApp';
import { NO_RESTRICTIONS } from './restrictions';
import type { Source } from './bindings/Source';
import type { WindowEvent } from './bindings/WindowEvent';

export function file(path: string, size: number): DriveItem {
  const name = path.split('/').pop()!;
  return { id: path, name, kind: 'file', size, modified: '2026-11-20T10:00:00Z', displayPath: path, mimeType: null, hash: null };
}

export function folder(path: string, name = path.split('/').pop()!): DriveItem {
  return { id: path, name, kind: 'folder', size: null, modified: null, displayPath: path, mimeType: null, hash: null };
}

/** What Dropbox can do, as the registry says. */
export const DROPBOX_CAN = {
  search: true,
  thumbnail: true,
  shareLink: true,
  serverSideCopy: true,
  resumableUpload: true,
  verifiedUpload: true,
};
const NOTHING_EXTRA = { search: false, thumbnail: false, shareLink: false, serverSideCopy: false, resumableUpload: false, verifiedUpload: false };
const ONE = { account: null, problem: null, server: null, closed: null, passwordSignIn: false, keys: null };

export const SOURCES: Source[] = [
  { id: 'dropbox', provider: 'dropbox', name: 'Dropbox', connected: false, status: 'Not connected', ...ONE, capabilities: DROPBOX_CAN },
  { id: 'local', provider: 'local', name: 'This computer', connected: true, status: 'Files on this device', ...ONE, capabilities: NOTHING_EXTRA },
];

/** The Dropbox entry once `email` is signed in. */
export function dropboxAccount(name: string, email: string): Source {
  return {
    id: `dropbox:${email}`,
    provider: 'dropbox',
    name: 'Dropbox',
    connected: true,
    status: `${name} · ${email}`,
    account: { displayName: name, email, quotaUsed: 1_500_000_000, quotaTotal: 2_000_000_000 },
    problem: null,
    server: null,
    capabilities: DROPBOX_CAN,
    closed: null,
    passwordSignIn: false,
    keys: null,
  };
}

/** Dropbox's app as Settings first shows it: nothing entered yet. */
export function dropboxApp(): ProviderApp {
  return {
    provider: 'dropbox',
    name: 'Dropbox',
    fields: ['clientId', 'redirectPort'],
    clientId: '',
    tenant: '',
    redirectPort: null,
    serverUrl: '',
    secretSaved: false,
    overriddenBy: [],
    demo: false,
    passwordSignIn: false,
    guide: {
      registerAt: 'Dropbox App Console',
      registerUrl: 'https://www.dropbox.com/developers/apps',
      steps: ['Create app, with Scoped access.'],
      redirectUri: 'http://127.0.0.1:53682/callback',
      scopes: ['account_info.read', 'files.content.read'],
    },
  };
}

/** Items per page, as the drives send them. */
const PAGE = 200;

/** What the memory backend's window watcher was given: tests call it as the desktop would. */
export const windowEvents: { current: ((event: WindowEvent) => void) | null } = { current: null };

export function memoryBackend(tree: Record<string, DriveItem[]>, overrides: Partial<Backend> = {}): Backend {
  // What each opened listing has not sent yet; a listing is its index + 1.
  const opened: DriveItem[][] = [];
  // The history, as the engine keeps it: each pick with its files.
  const history: Activity[] = [];
  return {
    listSources: async () => SOURCES,
    watchSources: async (onChange) => onChange(SOURCES),
    openFolder: async (_source, id) => {
      const key = id ?? '/';
      if (!(key in tree)) throw { code: 'not_found', message: `${key} no longer exists` };
      const parts = key.split('/').filter(Boolean);
      const breadcrumbs: DriveItem[] = [folder('/', 'This computer')];
      parts.forEach((_, i) => breadcrumbs.push(folder('/' + parts.slice(0, i + 1).join('/'))));
      const items = tree[key];
      opened.push(items.slice(PAGE));
      return { listing: opened.length, folder: breadcrumbs[breadcrumbs.length - 1], breadcrumbs, items: items.slice(0, PAGE), more: items.length > PAGE };
    },
    moreItems: async (listing) => {
      const rest = opened[listing - 1];
      opened[listing - 1] = rest.slice(PAGE);
      return { items: rest.slice(0, PAGE), more: rest.length > PAGE };
    },
    thumbnailUrl: (source, item, side, page) =>
      `data:image/png;x-thumb=${encodeURIComponent(`${source}|${item.id}|${side}`)}${page && page > 1 ? `;page=${page}` : ''},`,
    imageSize: async () => null,
    mediaInfo: async () => {
      throw new Error('ffmpeg is not installed');
    },
    preview: async () => ({ kind: 'none', pages: null, text: null, truncated: false }),
    mediaStream: async (_source, id) => `http://127.0.0.1:9/${encodeURIComponent(id)}`,
    stopMediaStream: async () => {},
    searchDrive: async (_source, query) =>
      Object.values(tree)
        .flat()
        .filter((i) => i.name.toLowerCase().includes(query.toLowerCase())),
    pickFiles: async (request, onProgress) => {
      const stored = request.items.map(({ id, source }, index) => {
        const item = Object.values(tree).flat().find((i) => i.id === id)!;
        onProgress({ index, filename: item.name, status: 'copying', bytesDone: 0, bytesTotal: item.size, error: null });
        onProgress({ index, filename: item.name, status: 'stored', bytesDone: item.size!, bytesTotal: item.size, error: null });
        return {
          filename: item.name,
          handle: `h${index}`,
          mimetype: 'application/octet-stream',
          originalPath: item.displayPath,
          size: item.size!,
          // As the engine names it: the drive's kind, This computer as Filestack does.
          source: source === 'local' ? 'local_file_system' : source.split(':')[0],
          url: `file:///store/${encodeURIComponent(item.name)}`,
          key: item.name,
          container: '/store',
          status: 'Stored',
          uploadId: `u${index}`,
          hash: null,
          reused: false,
        };
      });
      const result = { filesUploaded: stored, filesFailed: [] };
      const at = Date.UTC(2026, 10, 23, 18, history.length);
      history.unshift({
        id: history.length + 1,
        kind: 'pick',
        status: 'done',
        started: at,
        finished: at,
        destination: '/store',
        openedIn: null,
        result,
        files: request.items.map(({ source, id }, position) => ({
          position,
          source,
          itemId: id,
          item: Object.values(tree).flat().find((i) => i.id === id)!,
          state: 'stored',
          stored: stored[position],
          error: null,
        })),
      });
      return result;
    },
    getActivity: async () => structuredClone(history),
    getRecent: async () => {
      const seen = new Set<string>();
      return history.flatMap((a) =>
        a.files
          .filter((f) => f.item && f.state !== 'failed' && !seen.has(`${f.source}|${f.itemId}`) && seen.add(`${f.source}|${f.itemId}`))
          .map((f) => ({ source: f.source, item: f.item!, action: 'picked', at: a.started, to: 'local', toFolder: a.destination })),
      );
    },
    pausePickFile: async () => {},
    resumeTransfer: async (activity, position) => {
      const file = history.find((a) => a.id === activity)?.files[position];
      if (!file || file.state !== 'paused') throw { code: 'not_found', message: 'This upload is not paused' };
      file.state = 'stored';
    },
    cancelTransfer: async (activity, position) => {
      const file = history.find((a) => a.id === activity)?.files[position];
      if (file) Object.assign(file, { state: 'failed', error: 'Cancelled: nothing was kept' });
    },
    removeStored: async (activity, position) => {
      const file = history.find((a) => a.id === activity)?.files[position];
      if (!file || file.state !== 'stored') throw { code: 'not_found', message: 'This copy was already removed' };
      file.state = 'removed';
    },
    storedItem: async (activity, position) => {
      const file = history.find((a) => a.id === activity)?.files[position];
      if (!file?.item) throw { code: 'not_found', message: 'This copy is gone' };
      return { source: file.source, item: file.item };
    },
    editStored: async (activity, position) => {
      const file = history.find((a) => a.id === activity)?.files[position];
      const name = file?.stored?.filename ?? 'edited';
      return { filesUploaded: [{ ...file!.stored!, filename: name.replace(/\.\w+$/, '') + ' (1).png' }], filesFailed: [] };
    },
    cancelExport: async () => {},
    exportFiles: async (request) => ({
      filesUploaded: request.items.map((item, i) => ({
        filename: item.name ?? String(item.id),
        handle: `s${i}`,
        mimetype: 'application/octet-stream',
        originalPath: String(item.id),
        size: 1,
        source: 'local_file_system',
        url: `https://links.example/${encodeURIComponent(item.name ?? '')}`,
        key: `${request.to.path.replace(/^\//, '')}/${item.name}`,
        container: `${request.to.location}:${request.to.path}`,
        status: 'Stored',
        uploadId: `e${i}`,
        hash: { algorithm: 'sha1', value: 'ab' },
        reused: false,
      })),
      filesFailed: [],
    }),
    cancelOpenFolder: async () => {},
    createFolder: async (_source, parent, name) => folder(`${parent === '/' ? '' : parent}/${name}`),
    stageDrag: async (source, id) => `/cache/dragged/${source}${id}`,
    watchWindow: async (onEvent) => {
      windowEvents.current = onEvent;
    },
    cancelPick: async () => {},
    cancelPickFile: async () => {},
    signingSecret: async () => 'whsec-first',
    rotateSigningSecret: async () => 'whsec-second',
    sendTestEvent: async () => {},
    webhookDeliveries: async () => [],
    replayDelivery: async () => {},
    scriptPick: async () => null,
    scriptDone: async () => {},
    openForApp: async () => {},
    chooseFolderForApp: async () => {},
    chooseFilter: async () => {},
    retrySave: async () => ({ filesUploaded: [], filesFailed: [] }),
    saveForApp: async (target, names) => ({ kind: 'path', path: `/home/me/${names[0]}` }),
    getSettings: async () => ({ storageFolder: '/store', localRoot: '/home/me', showHidden: false, restrictions: NO_RESTRICTIONS, restrictionsFromCommandLine: false, storeTo: null, notifications: true, webhooks: [] }),
    saveSettings: async (s) => s,
    chooseFolder: async () => null,
    openStorageFolder: async () => {},
    openStoredFile: async () => {},
    getProviderApps: async () => [dropboxApp()],
    saveProviderApp: async (_provider, input) => [
      { ...dropboxApp(), clientId: input.clientId, redirectPort: input.redirectPort },
    ],
    connectAccount: async (provider, onUrl) => {
      onUrl(`https://signin.example/${provider}`);
      const ada = dropboxAccount('Ada', 'ada@example.test');
      return { sources: SOURCES.map((s) => (s.id === provider ? ada : s)), current: ada.id };
    },
    connectAlfresco: async () => {
      throw { code: 'unauthorized', message: 'Alfresco did not accept that user name and password' };
    },
    connectStore: async (provider) => {
      throw { code: 'unauthorized', message: `${provider} refused the keys` };
    },
    cancelConnect: async () => {},
    disconnectAccount: async () => ({ sources: SOURCES, current: 'dropbox' }),
    ...overrides,
  };
}

/** A small home folder: two files and a folder with a photo. */
export const tree = {
  '/': [folder('/Photos'), file('/a.txt', 1200), file('/b.pdf', 3_400_000)],
  '/Photos': [file('/Photos/beach.jpg', 2_000_000)],
};

/** The row (or cell) of `name` on screen. */
export function row(name: string): HTMLElement {
  return document.querySelector(`[data-name="${name}"]`) as HTMLElement;
}

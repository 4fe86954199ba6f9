// The one module that talks to the Rust side. Views call `backend()`, never
// Tauri directly, so tests can swap in another implementation.
import { Channel, convertFileSrc, invoke } from '@tauri-apps/api/core';
import type { Activity } from './bindings/Activity';
import type { StoredItem } from './bindings/StoredItem';
import type { ExportRequest } from './bindings/ExportRequest';
import type { Transform } from './bindings/Transform';
import type { ApiError } from './bindings/ApiError';
import type { FileProgress } from './bindings/FileProgress';
import type { ItemId } from './bindings/ItemId';
import type { Dimensions } from './bindings/Dimensions';
import type { MediaInfo } from './bindings/MediaInfo';
import type { Preview } from './bindings/Preview';
import type { DriveItem } from './bindings/DriveItem';
import type { FolderPage } from './bindings/FolderPage';
import type { MoreItems } from './bindings/MoreItems';
import type { PickRequest } from './bindings/PickRequest';
import type { SaveForApp } from './bindings/SaveForApp';
import type { SavedForApp } from './bindings/SavedForApp';
import type { PickResult } from './bindings/PickResult';
import type { RecentItem } from './bindings/RecentItem';
import type { ProviderApp } from './bindings/ProviderApp';
import type { ProviderAppInput } from './bindings/ProviderAppInput';
import type { FolderPurpose } from './bindings/FolderPurpose';
import type { SettingsView } from './bindings/SettingsView';
import type { Source } from './bindings/Source';
import type { SourcesUpdate } from './bindings/SourcesUpdate';
import type { ObjectStore } from './bindings/ObjectStore';
import type { WindowEvent } from './bindings/WindowEvent';
import type { Delivery } from './bindings/Delivery';
import type { ScriptPick } from './bindings/ScriptPick';
import type { Retrying } from './bindings/Retrying';

/** Who waits on a folder being opened: its request number, and what hears its retries. */
export type OpenWatch = { request: number; onRetry: (retrying: Retrying) => void };

export interface Backend {
  listSources(): Promise<Source[]>;
  /** Calls `onChange` with the sources now, and whenever they change by themselves. */
  watchSources(onChange: (sources: Source[]) => void): Promise<void>;
  /** A folder's first page; `moreItems` gives the next while `more` is true. */
  /** A folder's first page; `watch` hears each retry of a drive that does
   * not answer, and its `request` is what `cancelOpenFolder` stops. */
  openFolder(source: string, folder: ItemId | null, watch?: OpenWatch): Promise<FolderPage>;
  cancelOpenFolder(request: number): Promise<void>;
  moreItems(listing: number): Promise<MoreItems>;
  searchDrive(source: string, query: string): Promise<DriveItem[]>;
  /** An image's size in pixels from its first bytes; null when they do not say. */
  imageSize(source: string, id: string): Promise<Dimensions | null>;
  /** What a file shows in Quick Look. */
  preview(source: string, id: string): Promise<Preview>;
  /** Where Quick Look's player streams a video or a sound from (a loopback address of the engine's). */
  mediaStream(source: string, id: string): Promise<string>;
  /** Ends that stream. */
  stopMediaStream(): Promise<void>;
  /** A video's or a sound's length and size (ffprobe); rejects without ffmpeg. */
  mediaInfo(source: string, id: string): Promise<MediaInfo>;
  /** Where an `<img>` gets the item's thumbnail, `side` pixels at most. */
  /** `page`: a PDF's page, from 1. */
  thumbnailUrl(source: string, item: DriveItem, side: number, page?: number): string;
  pickFiles(request: PickRequest, onProgress: (p: FileProgress) => void): Promise<PickResult>;
  cancelPick(): Promise<void>;
  /** Stops one file of the running pick, by its index in the request. */
  cancelPickFile(index: number): Promise<void>;
  getSettings(): Promise<SettingsView>;
  saveSettings(settings: SettingsView): Promise<SettingsView>;
  /** Opens the folder dialog for a folder setting; null when it was cancelled. */
  chooseFolder(purpose: FolderPurpose): Promise<SettingsView | null>;
  openStorageFolder(): Promise<void>;
  /** Opens a stored file (by its storage folder and key) with its application. */
  openStoredFile(container: string, key: string): Promise<void>;
  /** The user's own OAuth app per cloud drive, with how to register it. */
  getProviderApps(): Promise<ProviderApp[]>;
  saveProviderApp(provider: string, input: ProviderAppInput): Promise<ProviderApp[]>;
  /** Signs in to a cloud drive in the browser; `onUrl` gets the sign-in link. */
  connectAccount(provider: string, onUrl: (url: string) => void): Promise<SourcesUpdate>;
  /** Signs in to Alfresco with a user name and password (empty server: the one in Settings). */
  /** `plainHttp`: the user agreed to send the password over plain http. */
  connectAlfresco(server: string, user: string, password: string, plainHttp: boolean): Promise<SourcesUpdate>;
  connectStore(provider: string, store: ObjectStore, secret: string, sas: boolean): Promise<SourcesUpdate>;
  cancelConnect(): Promise<void>;
  disconnectAccount(source: string): Promise<SourcesUpdate>;
  /** The last picks, newest first, with their files. */
  getActivity(): Promise<Activity[]>;
  /** The files picked last, across drives. */
  getRecent(): Promise<RecentItem[]>;
  /** Deletes the stored copy of file `position` of pick `activity`. */
  removeStored(activity: number, position: number): Promise<void>;
  /** A stored copy where the window can show it, for the editor. */
  storedItem(activity: number, position: number): Promise<StoredItem>;
  /** Stores an edit of a stored copy beside it. */
  editStored(activity: number, position: number, transform: Transform): Promise<PickResult>;
  /** Save to: files to a folder on a drive. */
  /** Save to; `id` names the save for `cancelExport`. */
  exportFiles(request: ExportRequest, onProgress: (p: FileProgress) => void, id?: string): Promise<PickResult>;
  /** Stops save `id`: what is saved stays, the rest is not written. */
  cancelExport(id: string): Promise<void>;
  createFolder(source: string, parent: ItemId, name: string): Promise<DriveItem>;
  /** Drag out: the local path a dragged file is handed over as (a cloud file is downloaded first). */
  stageDrag(source: string, id: ItemId): Promise<string>;
  /** Pauses one file of the running upload; Activity can resume it. */
  pausePickFile(index: number): Promise<void>;
  /** Goes on with a paused upload, or gives it up. */
  resumeTransfer(activity: number, position: number): Promise<void>;
  cancelTransfer(activity: number, position: number): Promise<void>;
  /** Calls `onEvent` with what the desktop tells the window: drops, the tray, notifications clicked. */
  watchWindow(onEvent: (event: WindowEvent) => void): Promise<void>;
  /** The webhooks' signing secret, made on first use. */
  signingSecret(): Promise<string>;
  /** A new signing secret; the old one stops working at once. */
  rotateSigningSecret(): Promise<string>;
  /** Queues an `fp.test` event for one URL; the delivery log shows how it went. */
  sendTestEvent(url: string): Promise<void>;
  /** The delivery log, newest first. */
  webhookDeliveries(): Promise<Delivery[]>;
  /** Sends a failed delivery again, now. */
  replayDelivery(id: number): Promise<void>;
  /** The pick a script waits for (`cloudpick pick`), or null. */
  scriptPick(): Promise<ScriptPick | null>;
  /** Answers the script that opened the save dialog: what was saved, or null for a cancel. */
  scriptDone(result: PickResult | null): Promise<void>;
  /** Gives the waiting application the chosen files, cloud ones brought over first. */
  openForApp(request: PickRequest, onProgress: (p: FileProgress) => void): Promise<void>;
  /** Gives the waiting application a folder of This computer. */
  chooseFolderForApp(id: string): Promise<void>;
  /** The application's filter chosen in the window. */
  chooseFilter(index: number): Promise<void>;
  /** Where the waiting application saves `names`: answered, or a taken name to ask about. */
  saveForApp(target: SaveForApp, names: string[]): Promise<SavedForApp>;
  /** Saves a file that failed to save to a drive again, where it was meant to go. */
  retrySave(activity: number, position: number): Promise<PickResult>;
}

export const tauriBackend: Backend = {
  listSources: () => invoke('list_sources'),
  watchSources: (onChange) => {
    const changes = new Channel<Source[]>();
    changes.onmessage = onChange;
    return invoke('watch_sources', { changes });
  },
  openFolder: (source, folder, watch) => {
    const retries = new Channel<Retrying>();
    retries.onmessage = (r) => watch?.onRetry(r);
    return invoke('open_folder', { source, folder, request: watch?.request ?? 0, retries });
  },
  cancelOpenFolder: (request) => invoke('cancel_open_folder', { request }),
  moreItems: (listing) => invoke('more_items', { listing }),
  searchDrive: (source, query) => invoke('search_drive', { source, query }),
  imageSize: (source, id) => invoke('image_size', { source, id }),
  mediaInfo: (source, id) => invoke('media_info', { source, id }),
  preview: (source, id) => invoke('preview', { source, id }),
  mediaStream: (source, id) => invoke('media_stream', { source, id }),
  stopMediaStream: () => invoke('stop_media_stream'),
  thumbnailUrl: (source, item, side, page) => {
    // The version makes a changed file a new URL: the cache never shows an old picture.
    const version = `${item.modified ?? ''}-${item.size ?? ''}`;
    const path = [String(side), source, version, item.id].map(encodeURIComponent).join('/');
    const url = convertFileSrc(path, 'thumb');
    return page && page > 1 ? `${url}?page=${page}` : url;
  },
  pickFiles: (request, onProgress) => {
    const progress = new Channel<FileProgress>();
    progress.onmessage = onProgress;
    return invoke('pick_files', { request, progress });
  },
  cancelPick: () => invoke('cancel_pick'),
  cancelPickFile: (index) => invoke('cancel_pick_file', { index }),
  getSettings: () => invoke('get_settings'),
  saveSettings: (settings) => invoke('save_settings', { settings }),
  chooseFolder: (purpose) => invoke('choose_folder', { purpose }),
  openStorageFolder: () => invoke('open_storage_folder'),
  openStoredFile: (container, key) => invoke('open_stored_file', { container, key }),
  getProviderApps: () => invoke('get_provider_apps'),
  saveProviderApp: (provider, input) => invoke('save_provider_app', { provider, input }),
  connectAccount: (provider, onUrl) => {
    const url = new Channel<string>();
    url.onmessage = onUrl;
    return invoke('connect_account', { provider, url });
  },
  connectAlfresco: (server, user, password, plainHttp) => invoke('connect_alfresco', { server, user, password, plainHttp }),
  connectStore: (provider, store, secret, sas) => invoke('connect_store', { provider, store, secret, sas }),
  cancelConnect: () => invoke('cancel_connect'),
  disconnectAccount: (source) => invoke('disconnect_account', { source }),
  getActivity: () => invoke('get_activity'),
  getRecent: () => invoke('get_recent'),
  removeStored: (activity, position) => invoke('remove_stored', { activity, position }),
  storedItem: (activity, position) => invoke('stored_item', { activity, position }),
  editStored: (activity, position, transform) => invoke('edit_stored', { activity, position, transform }),
  exportFiles: (request, onProgress, id = `save-${Date.now()}-${Math.random()}`) => {
    const progress = new Channel<FileProgress>();
    progress.onmessage = onProgress;
    return invoke('export_files', { id, request, progress });
  },
  cancelExport: (id) => invoke('cancel_export', { id }),
  createFolder: (source, parent, name) => invoke('create_folder', { source, parent, name }),
  stageDrag: (source, id) => invoke('stage_drag', { source, id }),
  pausePickFile: (index) => invoke('pause_pick_file', { index }),
  resumeTransfer: (activity, position) => invoke('resume_transfer', { activity, position }),
  cancelTransfer: (activity, position) => invoke('cancel_transfer', { activity, position }),
  watchWindow: (onEvent) => {
    const events = new Channel<WindowEvent>();
    events.onmessage = onEvent;
    return invoke('watch_window', { events });
  },
  signingSecret: () => invoke('signing_secret'),
  rotateSigningSecret: () => invoke('rotate_signing_secret'),
  sendTestEvent: (url) => invoke('send_test_event', { url }),
  webhookDeliveries: () => invoke('webhook_deliveries'),
  replayDelivery: (id) => invoke('replay_delivery', { id }),
  scriptPick: () => invoke('script_pick'),
  scriptDone: (result) => invoke('script_done', { result }),
  openForApp: (request, onProgress) => {
    const progress = new Channel<FileProgress>();
    progress.onmessage = onProgress;
    return invoke('open_for_app', { request, progress });
  },
  chooseFolderForApp: (id) => invoke('choose_folder_for_app', { id }),
  chooseFilter: (index) => invoke('choose_filter', { index }),
  saveForApp: (target, names) => invoke('save_for_app', { target, names }),
  retrySave: (activity, position) => invoke('retry_save', { activity, position }),
};

let current: Backend = tauriBackend;

export function backend(): Backend {
  return current;
}

/** Replaces the backend (tests). */
export function setBackend(next: Backend): void {
  current = next;
}

/** The text to show for any error the backend throws. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    return String((error as ApiError).message);
  }
  return String(error);
}

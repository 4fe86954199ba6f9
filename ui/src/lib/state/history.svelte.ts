// Recent and Activity, as they were last loaded, and what they can do to a stored copy.
import { backend, errorMessage } from '../backend';
import type { Activity } from '../bindings/Activity';
import type { RecentItem } from '../bindings/RecentItem';
import { shell } from './shell.svelte';
import { upload } from './upload.svelte';

class HistoryStore {
  /** The history, as Recent and Activity last loaded it. */
  recent = $state.raw<RecentItem[] | null>(null);

  activity = $state.raw<Activity[] | null>(null);

  /** Shows Recent: the files picked lately, from every drive. */
  async showRecent(): Promise<void> {
    if (upload.uploading) return;
    shell.view = 'recent';
    shell.notice = null;
    shell.error = null;
    try {
      this.recent = await backend().getRecent();
    } catch (e) {
      shell.error = errorMessage(e);
    }
  }

  /** Shows Activity: every pick, with its files and result. */
  async showActivity(): Promise<void> {
    if (upload.uploading) return;
    shell.view = 'activity';
    shell.error = null;
    shell.notice = null;
    try {
      this.activity = await backend().getActivity();
    } catch (e) {
      shell.error = errorMessage(e);
    }
  }

  /** Deletes a stored copy (the original stays); Activity shows it removed. */
  async removeStored(activity: number, position: number): Promise<void> {
    await backend().removeStored(activity, position);
    this.activity = await backend().getActivity();
  }

  /** Saves a failed file of a save to a drive again, then shows Activity as it is. */
  async retrySave(activity: number, position: number): Promise<void> {
    try {
      await backend().retrySave(activity, position);
    } finally {
      this.activity = await backend().getActivity();
    }
  }

  /** Goes on with a paused upload from Activity (or gives it up), then shows Activity as it is. */
  async resumeTransfer(activity: number, position: number, cancel = false): Promise<void> {
    try {
      if (cancel) await backend().cancelTransfer(activity, position);
      else await backend().resumeTransfer(activity, position);
    } finally {
      this.activity = await backend().getActivity();
    }
  }
}

export const history = new HistoryStore();

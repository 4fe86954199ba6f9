// Videos' and sounds' lengths (ffprobe, through the engine), asked once per
// file version and kept for the session: the grid's cells come and go as
// it scrolls.
import type { DriveItem } from './bindings/DriveItem';
import type { MediaInfo } from './bindings/MediaInfo';
import { backend, errorMessage } from './backend';

/** What ffprobe said, or why it could not say (no ffmpeg: what to install). */
export type Probed = { info: MediaInfo; problem: null } | { info: null; problem: string };

const known = new Map<string, Promise<Probed>>();

/** What ffprobe says of `item`, asked once per file version. */
export function mediaInfo(source: string, item: DriveItem): Promise<Probed> {
  const key = [source, item.id, item.modified ?? '', item.size ?? ''].join('\u0000');
  let probed = known.get(key);
  if (!probed) {
    probed = backend()
      .mediaInfo(source, item.id)
      .then((info): Probed => ({ info, problem: null }))
      .catch((e): Probed => ({ info: null, problem: errorMessage(e) }));
    known.set(key, probed);
  }
  return probed;
}

// Videos' and sounds' lengths (ffprobe, through the engine), asked once per
// file version and kept for the session: the grid's cells come and go as
// it scrolls.
import type { DriveItem } from './bindings/DriveItem';
import type { MediaInfo } from './bindings/MediaInfo';
import { backend } from './backend';

const known = new Map<string, Promise<MediaInfo | null>>();

/** What ffprobe says of `item`; null without ffmpeg or for a damaged file. */
export function mediaInfo(source: string, item: DriveItem): Promise<MediaInfo | null> {
  const key = [source, item.id, item.modified ?? '', item.size ?? ''].join('\u0000');
  let info = known.get(key);
  if (!info) {
    info = backend()
      .mediaInfo(source, item.id)
      .catch(() => null);
    known.set(key, info);
  }
  return info;
}

// Which items get a picture in the grid: the images.
import type { DriveItem } from './bindings/DriveItem';

const IMAGE = /\.(jpe?g|png|webp|gif|bmp)$/i;

export function hasThumbnail(item: DriveItem): boolean {
  return item.kind === 'file' && (item.mimeType?.startsWith('image/') === true || IMAGE.test(item.name));
}

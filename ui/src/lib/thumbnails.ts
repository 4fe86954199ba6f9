// Which items get a picture in the grid: the images, and PDFs (their first page).
import type { DriveItem } from './bindings/DriveItem';

// The same list as the engine's `transform::EXTENSIONS` (a Rust test compares them).
const IMAGE = /\.(jpg|jpeg|png|webp|gif|bmp|tif|tiff|heic|heif|avif)$/i;

/** Whether a name is one of the image kinds the engine decodes (`thumbnails::is_image`). */
export function isImageName(name: string): boolean {
  return IMAGE.test(name);
}

/** Whether a name is a PDF: its page is drawn (poppler) as its picture, and the editor takes it. */
export function isPdfName(name: string): boolean {
  return /\.pdf$/i.test(name);
}

export function hasThumbnail(item: DriveItem): boolean {
  return item.kind === 'file' && (item.mimeType?.startsWith('image/') === true || isImageName(item.name) || isPdfName(item.name));
}

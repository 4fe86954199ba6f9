// Which items get a picture in the grid: the images, PDFs and office documents (their first page) and
// videos (a frame).
import type { DriveItem } from './bindings/DriveItem';

// Each list is the engine's (a Rust test compares them): `media::VIDEO`, `documents::OFFICE`,
// `transform::EXTENSIONS`.
const VIDEO = /\.(mp4|m4v|mov|mkv|webm)$/i;
const OFFICE = /\.(docx|xlsx|pptx|odt|ods|odp|doc|xls|ppt|rtf)$/i;
const IMAGE = /\.(jpg|jpeg|png|webp|gif|bmp|tif|tiff|heic|heif|avif)$/i;

/** Whether a name is one of the image kinds the engine decodes (`thumbnails::is_image`). */
export function isImageName(name: string): boolean {
  return IMAGE.test(name);
}

/** Whether a name is a PDF: its page is drawn (poppler) as its picture, and the editor takes it. */
export function isPdfName(name: string): boolean {
  return /\.pdf$/i.test(name);
}

/**
 * Whether a name is an office document: the drive's thumbnail, or its first page when LibreOffice is
 * installed (drawn in the background and cached); its icon otherwise. Quick Look shows its pages.
 */
export function isOfficeName(name: string): boolean {
  return OFFICE.test(name);
}

/** Whether a name is a video: the grid shows a frame from about 10% in (ffmpeg) and its length. */
export function isVideoName(name: string): boolean {
  return VIDEO.test(name);
}

export function hasThumbnail(item: DriveItem): boolean {
  return (
    item.kind === 'file' &&
    (item.mimeType?.startsWith('image/') === true || isImageName(item.name) || isPdfName(item.name) || isOfficeName(item.name) || isVideoName(item.name))
  );
}

/** A length in seconds as a clock: 0:07, 3:25, 1:02:03. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

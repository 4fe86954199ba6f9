// The image editor's model: a crop box on the upright original (in its
// pixels), quarter turns, mirrors and an output size, turned into the
// engine's Transform (`crop_first`: the box is of the original).
import type { CropRect } from './bindings/CropRect';
import type { OutputFormat } from './bindings/OutputFormat';
import type { Transform } from './bindings/Transform';

export type Preset = 'free' | '1:1' | '4:3' | '16:9' | '9:16' | 'circle';
export const PRESETS: Preset[] = ['free', '1:1', '4:3', '16:9', '9:16', 'circle'];

export interface Edit {
  /** The upright original's size. */
  imageWidth: number;
  imageHeight: number;
  preset: Preset;
  crop: CropRect;
  /** Quarter turns clockwise, 0–3. */
  turns: number;
  /** A small turn on top, to straighten a horizon: degrees clockwise, −45 to 45. */
  angle: number;
  flip: boolean;
  flop: boolean;
  /** The output's size; null keeps the crop's. */
  width: number | null;
  height: number | null;
  format: OutputFormat | null;
  quality: number;
  /** For a PDF: the page drawn, from 1; null for pictures. */
  page: number | null;
}

/** Width over height a preset keeps, or null for a free box. */
export function aspectOf(preset: Preset): number | null {
  switch (preset) {
    case 'free':
      return null;
    case '1:1':
    case 'circle':
      return 1;
    case '4:3':
      return 4 / 3;
    case '16:9':
      return 16 / 9;
    case '9:16':
      return 9 / 16;
  }
}

/** The largest box of `aspect` (or the whole image) shrunk by `zoom` (≥ 1),
 * centred on the image. */
export function centredBox(width: number, height: number, aspect: number | null, zoom = 1): CropRect {
  let w = width;
  let h = height;
  if (aspect !== null) {
    if (width / height > aspect) w = height * aspect;
    else h = width / aspect;
  }
  w = Math.max(1, Math.round(w / zoom));
  h = Math.max(1, Math.round(h / zoom));
  return { x: Math.round((width - w) / 2), y: Math.round((height - h) / 2), width: w, height: h };
}

export function newEdit(imageWidth: number, imageHeight: number): Edit {
  return {
    imageWidth,
    imageHeight,
    preset: 'free',
    crop: { x: 0, y: 0, width: imageWidth, height: imageHeight },
    turns: 0,
    angle: 0,
    flip: false,
    flop: false,
    width: null,
    height: null,
    format: null,
    quality: 85,
    page: null,
  };
}

/** The box moved by `dx`, `dy` pixels, kept inside the image. */
export function moved(edit: Edit, dx: number, dy: number): CropRect {
  const { crop } = edit;
  const x = Math.min(Math.max(0, Math.round(crop.x + dx)), edit.imageWidth - crop.width);
  const y = Math.min(Math.max(0, Math.round(crop.y + dy)), edit.imageHeight - crop.height);
  return { ...crop, x, y };
}

/** A handle of the crop box: its edges and corners, by the compass. */
export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const HANDLES: Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** The smallest box side, in image pixels. */
const MIN = 8;

/** The preset's aspect as the box has it on the upright original: a quarter
 * turn swaps it, so that the turned picture keeps the preset's. */
export function boxAspect(edit: Edit): number | null {
  const aspect = aspectOf(edit.preset);
  return aspect !== null && edit.turns % 2 === 1 ? 1 / aspect : aspect;
}

const clamp = (v: number, low: number, high: number) => Math.min(Math.max(v, low), high);

/** The box with `handle` dragged by `dx`, `dy` (image pixels): the edges it
 * holds follow, the opposite ones stay. A preset's aspect is kept: a corner
 * takes the smaller change, an edge pulls the other two sides evenly. The
 * box stays inside the image. */
export function resizedFrom(edit: Edit, handle: Handle, dx: number, dy: number): CropRect {
  const { crop, imageWidth: W, imageHeight: H } = edit;
  const [west, east, north, south] = ['w', 'e', 'n', 's'].map((side) => handle.includes(side));
  let left = crop.x;
  let top = crop.y;
  let right = crop.x + crop.width;
  let bottom = crop.y + crop.height;
  if (west) left = clamp(left + dx, 0, right - MIN);
  if (east) right = clamp(right + dx, left + MIN, W);
  if (north) top = clamp(top + dy, 0, bottom - MIN);
  if (south) bottom = clamp(bottom + dy, top + MIN, H);
  const aspect = boxAspect(edit);
  if (aspect === null) return rounded(left, top, right - left, bottom - top);
  // The point that stays, and the room there is from it.
  const ax = east ? crop.x : west ? crop.x + crop.width : crop.x + crop.width / 2;
  const ay = south ? crop.y : north ? crop.y + crop.height : crop.y + crop.height / 2;
  const roomW = east ? W - ax : west ? ax : 2 * Math.min(ax, W - ax);
  const roomH = south ? H - ay : north ? ay : 2 * Math.min(ay, H - ay);
  let w = right - left;
  let h = bottom - top;
  if (!north && !south) h = w / aspect;
  else if (!west && !east) w = h * aspect;
  else if (w / h > aspect) w = h * aspect;
  else h = w / aspect;
  const fit = Math.min(1, roomW / w, roomH / h);
  [w, h] = [Math.max(MIN, w * fit), Math.max(MIN, h * fit)];
  const x = east ? ax : west ? ax - w : ax - w / 2;
  const y = south ? ay : north ? ay - h : ay - h / 2;
  return rounded(x, y, w, h);
}

function rounded(x: number, y: number, width: number, height: number): CropRect {
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

/** The edit turned by `by` quarter turns. A preset's box turns its aspect
 * with the picture and stays centred where it was, inside the image; a
 * free box stays on the same part of the picture. */
export function turned(edit: Edit, by: number): Edit {
  const next = { ...edit, turns: (edit.turns + by + 4) % 4 };
  const aspect = boxAspect(next);
  if (aspect === null || Math.abs(by) % 2 === 0) return next;
  const { crop, imageWidth: W, imageHeight: H } = edit;
  const [cx, cy] = [crop.x + crop.width / 2, crop.y + crop.height / 2];
  // The same size the other way round, shrunk to fit the image if need be.
  let [w, h] = [crop.height, crop.width];
  const fit = Math.min(1, W / w, H / h);
  [w, h] = [w * fit, h * fit];
  const x = clamp(cx - w / 2, 0, W - w);
  const y = clamp(cy - h / 2, 0, H - h);
  return { ...next, crop: rounded(x, y, w, h) };
}

/** Whether the edit changes anything. */
export function isEdited(edit: Edit): boolean {
  const { crop } = edit;
  const whole = crop.x === 0 && crop.y === 0 && crop.width === edit.imageWidth && crop.height === edit.imageHeight;
  return !whole || edit.turns % 4 !== 0 || edit.angle !== 0 || edit.flip || edit.flop || edit.preset === 'circle' ||
    edit.width !== null || edit.height !== null || edit.format !== null || edit.page !== null;
}

/** The engine's conversion for this edit. */
export function toTransform(edit: Edit): Transform {
  const { crop } = edit;
  const whole = crop.x === 0 && crop.y === 0 && crop.width === edit.imageWidth && crop.height === edit.imageHeight;
  return {
    width: edit.width,
    height: edit.height,
    fit: edit.width !== null && edit.height !== null ? 'scale' : 'clip',
    align: 'center',
    crop: whole ? null : { ...crop },
    cropFirst: true,
    rotate: (edit.turns % 4) * 90 + edit.angle,
    circle: edit.preset === 'circle',
    flip: edit.flip,
    flop: edit.flop,
    format: edit.format,
    quality: edit.quality,
    exif: { keepOrientation: false, keepICC: true },
    ...(edit.page !== null ? { page: edit.page } : {}),
  };
}

/** The output's size before the turn: the resize fields, else the crop. */
export function outputSize(edit: Edit): [number, number] {
  const { width, height, crop } = edit;
  if (width !== null && height !== null) return [width, height];
  if (width !== null) return [width, Math.max(1, Math.round((crop.height * width) / crop.width))];
  if (height !== null) return [Math.max(1, Math.round((crop.width * height) / crop.height)), height];
  return [crop.width, crop.height];
}

/** The whole turn, degrees clockwise. */
export function degreesOf(edit: Edit): number {
  return (edit.turns % 4) * 90 + edit.angle;
}

/** The size of `width` × `height` turned by `degrees`: the canvas that holds it. */
function turnedBox(width: number, height: number, degrees: number): [number, number] {
  const radians = (degrees * Math.PI) / 180;
  const [sin, cos] = [Math.abs(Math.sin(radians)), Math.abs(Math.cos(radians))];
  return [width * cos + height * sin, width * sin + height * cos];
}

/** Screen pixels per image pixel, for the picture to fit `width` × `height` however it is turned. */
export function stageScale(edit: Edit, width: number, height: number): number {
  const [w, h] = turnedBox(edit.imageWidth, edit.imageHeight, degreesOf(edit));
  return Math.min(width / w, height / h);
}

/** A drag of `dx`, `dy` on the screen, in the image's pixels: undoes the turn, then the mirrors. */
export function dragInImage(edit: Edit, scale: number, dx: number, dy: number): [number, number] {
  const radians = (-degreesOf(edit) * Math.PI) / 180;
  let x = dx * Math.cos(radians) - dy * Math.sin(radians);
  let y = dx * Math.sin(radians) + dy * Math.cos(radians);
  if (edit.flop) x = -x;
  if (edit.flip) y = -y;
  return [x / scale, y / scale];
}

/** The stored picture's size: the output turned, on a canvas that holds it. */
export function finalSize(edit: Edit): [number, number] {
  const [w, h] = outputSize(edit);
  const radians = (degreesOf(edit) * Math.PI) / 180;
  const [sin, cos] = [Math.abs(Math.sin(radians)), Math.abs(Math.cos(radians))];
  const round = (v: number) => Math.ceil(v - 1e-6);
  return [round(w * cos + h * sin), round(w * sin + h * cos)];
}

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
  };
}

/** The box moved by `dx`, `dy` pixels, kept inside the image. */
export function moved(edit: Edit, dx: number, dy: number): CropRect {
  const { crop } = edit;
  const x = Math.min(Math.max(0, Math.round(crop.x + dx)), edit.imageWidth - crop.width);
  const y = Math.min(Math.max(0, Math.round(crop.y + dy)), edit.imageHeight - crop.height);
  return { ...crop, x, y };
}

/** The box with its bottom-right corner dragged by `dx`, `dy`, keeping
 * the preset's aspect and staying inside the image. */
export function resized(edit: Edit, dx: number, dy: number): CropRect {
  const { crop } = edit;
  const aspect = aspectOf(edit.preset);
  let w = Math.min(Math.max(8, crop.width + dx), edit.imageWidth - crop.x);
  let h = Math.min(Math.max(8, crop.height + dy), edit.imageHeight - crop.y);
  if (aspect !== null) {
    if (w / h > aspect) w = h * aspect;
    else h = w / aspect;
  }
  return { ...crop, width: Math.round(w), height: Math.round(h) };
}

/** Whether the edit changes anything. */
export function isEdited(edit: Edit): boolean {
  const { crop } = edit;
  const whole = crop.x === 0 && crop.y === 0 && crop.width === edit.imageWidth && crop.height === edit.imageHeight;
  return !whole || edit.turns % 4 !== 0 || edit.angle !== 0 || edit.flip || edit.flop || edit.preset === 'circle' ||
    edit.width !== null || edit.height !== null || edit.format !== null;
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

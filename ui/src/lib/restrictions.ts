// What the picker accepts, as Settings sets it: the same rules as the
// engine's `restrictions.rs`, which refuses the same files at pick time.
import type { DriveItem } from './bindings/DriveItem';
import type { Dimensions } from './bindings/Dimensions';
import type { Restrictions } from './bindings/Restrictions';
import { formatSize } from './format';
import { isImageName } from './thumbnails';

export const NO_RESTRICTIONS: Restrictions = {
  accept: [],
  min_files: null,
  max_files: null,
  max_size: null,
  min_image: null,
  max_image: null,
  image_max: null,
  image_min: null,
  image_dim: null,
  refuse_images_outside: false,
  from_sources: [],
};

/**
 * A shell pattern on a name (`*.png`, `report-??.txt`, `*.[jJ][pP][gG]`, `[!.]*`) as a regular
 * expression, matched without regard to case, as the engine's `matches_pattern` does; a `[` never
 * closed is itself.
 */
function patternRegExp(pattern: string): RegExp {
  const chars = [...pattern.toLowerCase()];
  const escape = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const escapeInSet = (c: string) => c.replace(/[\\\]\[^-]/g, '\\$&');
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const negated = chars[i + 1] === '!' || chars[i + 1] === '^';
      let j = negated ? i + 2 : i + 1;
      const first = j;
      let set = '';
      while (j < chars.length && !(chars[j] === ']' && j > first)) {
        if (j + 2 < chars.length && chars[j + 1] === '-' && chars[j + 2] !== ']') {
          set += `${escapeInSet(chars[j])}-${escapeInSet(chars[j + 2])}`;
          j += 3;
        } else {
          set += escapeInSet(chars[j]);
          j += 1;
        }
      }
      if (j >= chars.length) out += '\\[';
      else {
        out += `[${negated ? '^' : ''}${set}]`;
        i = j;
      }
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`, 'u');
}

function accepts(rule: string, item: DriveItem): boolean {
  const lower = rule.toLowerCase();
  if (!lower.includes('/') && /[*?[]/.test(lower)) return patternRegExp(lower).test(item.name.toLowerCase());
  if (lower.startsWith('.')) return item.name.toLowerCase().endsWith(lower) && item.name.length > lower.length;
  const mime = (item.mimeType ?? '').toLowerCase();
  return lower.endsWith('/*') ? mime.split('/')[0] === lower.slice(0, -2) : mime === lower;
}

/** Why `item` cannot be picked, or null. */
export function refuses(rules: Restrictions, item: DriveItem): string | null {
  if (item.kind === 'folder') return null;
  if (rules.accept.length > 0 && !rules.accept.some((rule) => accepts(rule, item))) {
    return `Only ${rules.accept.join(', ')} can be picked`;
  }
  if (rules.max_size !== null && item.size !== null && item.size > rules.max_size) {
    return `Larger than ${formatSize(rules.max_size)}, the most a file may be`;
  }
  return null;
}

function files(count: number): string {
  return count === 1 ? 'file' : 'files';
}

/** Why `count` files cannot be picked together, or null. */
export function refusesCount(rules: Restrictions, count: number): string | null {
  if (rules.min_files !== null && count < rules.min_files) return `Pick at least ${rules.min_files} ${files(rules.min_files)}`;
  if (rules.max_files !== null && count > rules.max_files) return `Pick at most ${rules.max_files} ${files(rules.max_files)}`;
  return null;
}

/** Whether `item` must be measured before it is picked (image sizes are limited). */
export function needsMeasuring(rules: Restrictions, item: DriveItem): boolean {
  return (rules.min_image !== null || rules.max_image !== null) && item.kind === 'file' && isImageName(item.name);
}

/** Why an image of `size` cannot be picked, or null; the engine's words. */
export function refusesImage(rules: Restrictions, size: Dimensions | null): string | null {
  if (size === null) return "Cloudpick could not read this image's size, which the image-size limits in Settings need";
  const { width, height } = size;
  const min = rules.min_image;
  const max = rules.max_image;
  if (min && (width < min.width || height < min.height)) {
    return `${width}×${height} pixels, smaller than the ${min.width}×${min.height} an image must have`;
  }
  if (max && (width > max.width || height > max.height)) {
    return `${width}×${height} pixels, larger than the ${max.width}×${max.height} an image may have`;
  }
  return null;
}

import { describe, expect, it } from 'vitest';
import { formatDuration, hasThumbnail, isImageName, isVideoName } from './thumbnails';
import { file } from './testing';

describe('thumbnails', () => {
  it('knows the images, documents and videos that get a picture', () => {
    expect(isImageName('IMG_0001.HEIC') && isImageName('scan.tiff') && isImageName('a.avif')).toBe(true);
    expect(isVideoName('Holiday.MOV') && isVideoName('clip.webm')).toBe(true);
    expect(isVideoName('song.mp3')).toBe(false);
    expect(hasThumbnail(file('/film.mkv', 10))).toBe(true);
    expect(hasThumbnail(file('/notes.txt', 10))).toBe(false);
    expect(hasThumbnail(file('/Q3 Report.DOCX', 10)) && hasThumbnail(file('/budget.ods', 10))).toBe(true);
  });

  it('writes lengths as a clock', () => {
    expect(formatDuration(7.4)).toBe('0:07');
    expect(formatDuration(205)).toBe('3:25');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});

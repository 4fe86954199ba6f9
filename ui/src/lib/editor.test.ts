import { describe, expect, it } from 'vitest';
import { centredBox, dragInImage, finalSize, isEdited, moved, newEdit, outputSize, resizedFrom, stageScale, toTransform, turned } from './editor';

describe('the image editor', () => {
  it('centres the largest box of a preset, shrunk by the zoom', () => {
    expect(centredBox(6000, 4000, 1)).toEqual({ x: 1000, y: 0, width: 4000, height: 4000 });
    expect(centredBox(6000, 4000, 16 / 9)).toEqual({ x: 0, y: 313, width: 6000, height: 3375 });
    expect(centredBox(6000, 4000, null, 2)).toEqual({ x: 1500, y: 1000, width: 3000, height: 2000 });
  });

  it('keeps the box inside the image when it is moved or resized', () => {
    const edit = { ...newEdit(1000, 800), preset: '1:1' as const, crop: { x: 100, y: 100, width: 400, height: 400 } };
    expect(moved(edit, 10_000, -500)).toEqual({ x: 600, y: 0, width: 400, height: 400 });
    expect(resizedFrom(edit, 'se', 300, 50)).toEqual({ x: 100, y: 100, width: 450, height: 450 });
    expect(resizedFrom(edit, 'se', 5000, 5000)).toEqual({ x: 100, y: 100, width: 700, height: 700 });
  });

  it('resizes from each of the eight handles, the opposite side staying put', () => {
    const free = { ...newEdit(1000, 800), crop: { x: 100, y: 100, width: 400, height: 400 } };
    expect(resizedFrom(free, 'nw', -50, -20)).toEqual({ x: 50, y: 80, width: 450, height: 420 });
    expect(resizedFrom(free, 'n', 30, -20)).toEqual({ x: 100, y: 80, width: 400, height: 420 });
    expect(resizedFrom(free, 'ne', 50, 20)).toEqual({ x: 100, y: 120, width: 450, height: 380 });
    expect(resizedFrom(free, 'e', -100, 99)).toEqual({ x: 100, y: 100, width: 300, height: 400 });
    expect(resizedFrom(free, 's', 0, 1000)).toEqual({ x: 100, y: 100, width: 400, height: 700 });
    expect(resizedFrom(free, 'sw', -500, 0)).toEqual({ x: 0, y: 100, width: 500, height: 400 });
    expect(resizedFrom(free, 'w', 1000, 0)).toEqual({ x: 492, y: 100, width: 8, height: 400 });
    // An edge of a square pulls the other two sides evenly, about the middle.
    const square = { ...free, preset: '1:1' as const };
    expect(resizedFrom(square, 'e', 100, 0)).toEqual({ x: 100, y: 50, width: 500, height: 500 });
    expect(resizedFrom(square, 'n', 0, -400)).toEqual({ x: 50, y: 0, width: 500, height: 500 });
    expect(resizedFrom(square, 'nw', -30, -80)).toEqual({ x: 70, y: 70, width: 430, height: 430 });
  });

  it('turns a preset box with the picture, centred where it was', () => {
    const wide = { ...newEdit(1600, 1200), preset: '16:9' as const, crop: centredBox(1600, 1200, 16 / 9) };
    expect(wide.crop).toEqual({ x: 0, y: 150, width: 1600, height: 900 });
    const once = turned(wide, 1);
    expect(once.turns).toBe(1);
    // 9:16 on the original, so the turned picture is 16:9; the same middle.
    const { crop } = once;
    expect(Math.abs(crop.width / crop.height - 9 / 16)).toBeLessThan(0.01);
    expect(Math.abs(crop.x + crop.width / 2 - 800)).toBeLessThanOrEqual(1);
    expect(Math.abs(crop.y + crop.height / 2 - 600)).toBeLessThanOrEqual(1);
    expect(finalSize(once)[0] / finalSize(once)[1]).toBeCloseTo(16 / 9, 1);
    expect(turned(once, -1).turns).toBe(0);
    // A free box stays on the same part of the picture.
    const free = { ...newEdit(1600, 1200), crop: { x: 10, y: 20, width: 300, height: 200 } };
    expect(turned(free, 1).crop).toEqual(free.crop);
  });

  it('makes the engine a crop-first conversion', () => {
    const edit = { ...newEdit(1200, 800), preset: 'circle' as const, crop: { x: 200, y: 0, width: 800, height: 800 }, turns: 1, width: 200, height: 200 };
    const t = toTransform(edit);
    expect(t).toMatchObject({ crop: { x: 200, y: 0, width: 800, height: 800 }, cropFirst: true, rotate: 90, circle: true, width: 200, height: 200, fit: 'scale' });
    expect(isEdited(edit)).toBe(true);
    expect(isEdited(newEdit(10, 10))).toBe(false);
    expect(toTransform(newEdit(10, 10)).crop).toBeNull();
  });

  it('adds a straightening angle to the turns, on a canvas that holds the result', () => {
    const edit = { ...newEdit(200, 100), turns: 1, angle: -10 };
    expect(toTransform(edit).rotate).toBe(80);
    expect(isEdited({ ...newEdit(10, 10), angle: 3 })).toBe(true);
    expect(finalSize({ ...newEdit(200, 100), turns: 1 })).toEqual([100, 200]);
    expect(finalSize({ ...newEdit(100, 100), angle: 45 })).toEqual([142, 142]);
  });

  it('maps a drag on the turned, mirrored picture back to the image', () => {
    const turned = { ...newEdit(1000, 500), turns: 1 };
    // Turned clockwise: a drag down the screen runs along the image's width.
    const [x, y] = dragInImage(turned, 0.5, 0, 10);
    expect([Math.round(x), Math.round(y)]).toEqual([20, 0]);
    const [fx] = dragInImage({ ...newEdit(1000, 500), flop: true }, 1, 10, 0);
    expect(fx).toBe(-10);
    expect(stageScale(turned, 500, 500)).toBe(0.5);
  });

  it('derives the output size from the fields or the crop', () => {
    const edit = { ...newEdit(1200, 800), crop: { x: 0, y: 0, width: 600, height: 300 } };
    expect(outputSize(edit)).toEqual([600, 300]);
    expect(outputSize({ ...edit, width: 300 })).toEqual([300, 150]);
    expect(outputSize({ ...edit, height: 100 })).toEqual([200, 100]);
  });
});

// A list with headings between its rows (a search's "In this folder" and
// "Elsewhere in Dropbox"), drawn as lines of the same height.

/** A heading drawn before row `before`. */
export type Heading = { before: number; key: string; label: string };

/** A line of the list: a row, by its index in the rows, or a heading. */
export type Line = { index: number; heading?: undefined } | { heading: Heading; index?: undefined };

/** The lines of `count` rows with `headings` (in order of `before`). */
export function linesOf(count: number, headings: Heading[]): Line[] {
  const lines: Line[] = [];
  let next = 0;
  for (let index = 0; index <= count; index++) {
    while (next < headings.length && headings[next].before === index) lines.push({ heading: headings[next++] });
    if (index < count) lines.push({ index });
  }
  return lines;
}

/** The line row `index` is on. */
export function lineOf(index: number, headings: Heading[]): number {
  return index + headings.filter((h) => h.before <= index).length;
}

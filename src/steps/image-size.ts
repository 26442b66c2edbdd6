/** Pure size maths for image normalisation: tested in Node, used by the browser code. */

/** Longest side, in pixels, of an uploaded image: sharp enough for a document check, a few hundred KB as JPEG. */
export const MAX_SIDE = 2000;

export interface Size {
  width: number;
  height: number;
}

/** Scales down (never up) so the long side is at most `max`, keeping the aspect ratio; at least 1 px each way. */
export function fitWithin({ width, height }: Size, max = MAX_SIDE): Size {
  const long = Math.max(width, height);
  if (long <= max) return { width, height };
  const scale = max / long;
  return {
    width: Math.max(1, width >= height ? max : Math.round(width * scale)),
    height: Math.max(1, height > width ? max : Math.round(height * scale)),
  };
}

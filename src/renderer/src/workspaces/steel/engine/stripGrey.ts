// The strip's grey values, for tools that look at the image itself (the magic wand). Read back from the
// decoded image once per strip, on first use, and kept while the image is: most strips are never asked.
import { greyColumnMajor } from '../../../../../shared/mask-edit/magic-wand';
import type { Size } from './view';

const read = new WeakMap<object, Uint8Array>();

/** Column-major grey values of the image (see shared/mask.ts), or null when the browser cannot read its pixels. */
export function stripGrey(image: CanvasImageSource & Size): Uint8Array | null {
  const known = read.get(image);
  if (known) return known;
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(image, 0, 0);
  const grey = greyColumnMajor(context.getImageData(0, 0, image.width, image.height).data, image.width, image.height);
  read.set(image, grey);
  return grey;
}

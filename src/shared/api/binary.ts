// The binary routes: pixels, images and masks travel as bytes over one `Request → Response` handler
// (Electron's `loupe://` protocol and the browser host's HTTP), never as JSON arrays.

import { IMAGE_WINDOWS, type ImageWindow } from '../window-level';

export const BINARY_PREFIX = '/bin/';

const MODEL_VERSION = /^[A-Za-z0-9][\w.+-]{0,199}$/;

/** Response headers of the raw slice route, and of images where they help. */
export const PIXEL_HEADERS = {
  width: 'x-loupe-width',
  height: 'x-loupe-height',
  frames: 'x-loupe-frames',
  /** The file's own WindowCenter/WindowWidth (first values), when it has them. */
  windowCenter: 'x-loupe-window-center',
  windowWidth: 'x-loupe-window-width',
  /** CT: the frame's PixelSpacing (row\\column, mm), ImagePositionPatient and ImageOrientationPatient, when it has them. */
  pixelSpacing: 'x-loupe-pixel-spacing',
  imagePosition: 'x-loupe-image-position',
  imageOrientation: 'x-loupe-image-orientation',
} as const;

/** Response headers of the label CSV route. */
export const EXPORT_HEADERS = {
  /** How many items the CSV leaves out because they have no label in its source. */
  skipped: 'x-loupe-export-skipped',
} as const;

export const binaryPaths = {
  /** Steel: the strip image (PNG or JPEG, as stored). CT: the slice as a windowed PNG. */
  itemImage: (itemId: number, window: ImageWindow = 'brain') => `${BINARY_PREFIX}items/${itemId}/image?window=${window}`,
  /** CT: the slice in Hounsfield units, Int16 little-endian, row-major (hu-bytes.ts); size in the headers. */
  sliceHu: (itemId: number, frame = 0) => `${BINARY_PREFIX}items/${itemId}/hu?frame=${frame}`,
  /** A small preview for lists. */
  thumbnail: (itemId: number) => `${BINARY_PREFIX}items/${itemId}/thumbnail`,
  /** Steel: the current mask of one class as a grayscale PNG (255 = defect). */
  mask: (itemId: number, classId: number) => `${BINARY_PREFIX}items/${itemId}/mask/${classId}`,
  /**
   * Steel: one model version's stored prediction of the strip, its four thresholded class masks packed one byte
   * per pixel (shared/class-bits.ts, column-major), size in the headers; 404 when the version has not predicted it.
   */
  predictionMasks: (itemId: number, version: string) => `${BINARY_PREFIX}items/${itemId}/prediction?version=${encodeURIComponent(version)}`,
  /**
   * Steel: one model version's stored probability map of one class of the strip (what the magic wand grows in),
   * row-major bytes p × 255 at the model's output resolution, its size in the headers; 404 when none is stored.
   */
  probabilityMap: (itemId: number, version: string, classId: number) =>
    `${BINARY_PREFIX}items/${itemId}/probability/${classId}?version=${encodeURIComponent(version)}`,
  /**
   * A dataset's current (or imported truth) labels as its Kaggle CSV (Severstal, or RSNA `ID,Label`), streamed
   * as an attachment; `legacy` asks for the old Severstal form.
   */
  labelsCsv: (datasetId: number, source: ExportSource = 'current', legacy = false) =>
    `${BINARY_PREFIX}datasets/${datasetId}/labels.csv?source=${source}${legacy ? '&legacy=1' : ''}`,
};

/** Which labels a download carries: the current ones (newest human revision, else truth) or the imported truth. */
export type ExportSource = 'current' | 'truth';

export type BinaryRoute =
  | { kind: 'image'; itemId: number; window: ImageWindow }
  | { kind: 'hu'; itemId: number; frame: number }
  | { kind: 'thumbnail'; itemId: number }
  | { kind: 'mask'; itemId: number; classId: number }
  | { kind: 'prediction'; itemId: number; version: string }
  | { kind: 'probability'; itemId: number; version: string; classId: number }
  | { kind: 'labels-csv'; datasetId: number; source: ExportSource; legacy: boolean };

/** Reads a binary route from a URL's path and query, or null when it is not one. */
export function parseBinaryRoute(pathname: string, search: URLSearchParams): BinaryRoute | null {
  const csv = /^\/bin\/datasets\/(\d{1,12})\/labels\.csv$/.exec(pathname);
  if (csv) {
    const source = search.get('source') ?? 'current';
    const legacy = search.get('legacy') ?? '0';
    if ((source !== 'current' && source !== 'truth') || (legacy !== '0' && legacy !== '1')) return null;
    return { kind: 'labels-csv', datasetId: Number(csv[1]), source, legacy: legacy === '1' };
  }
  const match = /^\/bin\/items\/(\d{1,12})\/(image|hu|thumbnail|prediction|mask\/(\d)|probability\/([1-4]))$/.exec(pathname);
  if (!match) return null;
  const itemId = Number(match[1]);
  if (match[2] === 'image') {
    const window = (search.get('window') ?? 'brain') as ImageWindow;
    return IMAGE_WINDOWS.includes(window) ? { kind: 'image', itemId, window } : null;
  }
  if (match[2] === 'hu') {
    // Digits only: `1e9`, `0x10` or ` 1` are not frame numbers. Frames past the file's end are the handler's 404.
    const frame = search.get('frame') ?? '0';
    return /^\d{1,9}$/.test(frame) ? { kind: 'hu', itemId, frame: Number(frame) } : null;
  }
  if (match[2] === 'thumbnail') return { kind: 'thumbnail', itemId };
  if (match[2] === 'prediction') {
    // A registry version's spelling (as model sources name it): nothing that could reach past the item.
    const version = search.get('version') ?? '';
    return MODEL_VERSION.test(version) ? { kind: 'prediction', itemId, version } : null;
  }
  if (match[4] !== undefined) {
    const version = search.get('version') ?? '';
    return MODEL_VERSION.test(version) ? { kind: 'probability', itemId, version, classId: Number(match[4]) } : null;
  }
  return { kind: 'mask', itemId, classId: Number(match[3]) };
}

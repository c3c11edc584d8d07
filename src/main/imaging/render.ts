// `loupe render`: one DICOM frame windowed to a PNG (gray, or the RGB 3-window composite), or a plain PNG/JPEG
// passed through as PNG.
//
// Default window when none is given: `brain` (40/80) for CT, because Loupe's CT task is head CT and its models
// see brain-window pixels whatever window the scanner stored; for other modalities, the file's first
// WindowCenter/WindowWidth, else the full range of the frame's values.

import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { type WindowChoice, compositeRgb, parseWindow, WINDOW_PRESETS, windowToGray } from '../../shared/window-level';
import { decodeDicomFrame, initDicomCodecs, needsDicomCodecs, readDicomMeta } from './dicom';
import type { DicomFrame } from './dicom';
import { decodeImageFully, sniffImageFormat } from './image';

export interface RenderOptions {
  /** brain | subdural | soft | bone | composite | <C>/<W>; see the default above. */
  window?: string;
  /** 0-based frame of a multi-frame DICOM file (default 0). */
  frame?: number;
}

export interface RenderResult {
  width: number;
  height: number;
  /** The window used: a preset name, 'composite', '<C>/<W>', or 'none' for a plain image. */
  window: string;
}

type SingleWindow = Extract<WindowChoice, { kind: 'single' }>;

function describe(choice: WindowChoice): string {
  if (choice.kind === 'composite') return 'composite';
  return choice.name === 'custom' ? `${choice.center}/${choice.width}` : choice.name;
}

/** The window for a DICOM frame when the user gave none (see the module comment). */
export function defaultWindow(frame: DicomFrame): SingleWindow {
  const { meta, hu } = frame;
  if (meta.modality.toUpperCase() === 'CT') return { kind: 'single', name: 'brain', ...WINDOW_PRESETS.brain };
  const center = meta.windowCenters[0];
  const width = meta.windowWidths[0];
  if (Number.isFinite(center) && width > 0) return { kind: 'single', name: 'custom', center, width };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < hu.length; i++) {
    if (hu[i] < min) min = hu[i];
    if (hu[i] > max) max = hu[i];
  }
  return { kind: 'single', name: 'custom', center: (min + max) / 2, width: Math.max(1, max - min) };
}

async function writePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3, outPath: string): Promise<void> {
  const raw = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const image = sharp(raw, { raw: { width, height, channels } });
  // Without b-w, sharp writes a one-channel raw input as a 3-channel sRGB PNG.
  await (channels === 1 ? image.toColourspace('b-w') : image).png().toFile(outPath);
}

async function renderDicom(file: string, bytes: Uint8Array, choice: WindowChoice | undefined, frame: number, outPath: string): Promise<RenderResult> {
  const meta = readDicomMeta(bytes, file);
  if (needsDicomCodecs(meta.transferSyntaxUid)) await initDicomCodecs();
  const decoded = decodeDicomFrame(bytes, frame, file);
  const window = choice ?? defaultWindow(decoded);
  const { width, height, hu } = decoded;
  if (window.kind === 'composite') await writePng(compositeRgb(hu), width, height, 3, outPath);
  else await writePng(windowToGray(hu, window.center, window.width), width, height, 1, outPath);
  return { width, height, window: describe(window) };
}

/**
 * A PNG is copied byte for byte, a JPEG re-encoded as PNG with its channel count kept — both only once every
 * pixel decodes, so a truncated or corrupt image fails here instead of being copied.
 */
async function passThrough(file: string, bytes: Uint8Array, format: 'png' | 'jpeg', outPath: string): Promise<RenderResult> {
  await decodeImageFully(file, bytes);
  const { width, height, channels } = await sharp(bytes).metadata();
  if (!width || !height) throw new Error(`the ${format} header has no size`);
  if (format === 'png') await writeFile(outPath, bytes);
  else await (channels === 1 ? sharp(bytes).toColourspace('b-w') : sharp(bytes)).png().toFile(outPath);
  return { width, height, window: 'none' };
}

/**
 * Renders `file` to a PNG at `outPath`. DICOM frames are windowed; PNG/JPEG files are re-encoded as PNG
 * unchanged (a window does not apply to them). Throws an Error on a bad window spec, a missing frame, or a
 * file that is neither DICOM, PNG nor JPEG.
 */
export async function renderFileToPng(file: string, opts: RenderOptions, outPath: string): Promise<RenderResult> {
  const choice = opts.window === undefined ? undefined : parseWindow(opts.window);
  const frame = opts.frame ?? 0;
  const bytes = new Uint8Array(await readFile(file));
  const format = sniffImageFormat(bytes);
  if (format === 'png' || format === 'jpeg') {
    if (frame !== 0) throw new Error(`${file}: a ${format.toUpperCase()} image has only frame 0`);
    return passThrough(file, bytes, format, outPath);
  }
  if (format === 'dicom') return renderDicom(file, bytes, choice, frame, outPath);
  // Old files without the Part 10 preamble: the DICOM parser decides, and names the file if it is not DICOM.
  try {
    readDicomMeta(bytes, file);
  } catch {
    throw new Error(`${file}: not a DICOM, PNG or JPEG file`);
  }
  return renderDicom(file, bytes, choice, frame, outPath);
}

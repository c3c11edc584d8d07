// The pixels of items, read from their files: strip images as stored, CT slices in HU, windowed PNGs,
// thumbnails, class masks and a model's stored probability maps. Only files inside the item's registered dataset folder are ever read.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Sharp as SharpImage } from 'sharp';
import { loadSharp } from '../../imaging/sharp';
import type { DatasetService } from './datasets';
import type { LabelService } from '../labels/labels';
import type { PredictionMapStore } from '../models/predict-maps';
import { LoupeError, badInput, notFound } from '../../../shared/errors';
import { WINDOW_PRESETS, compositeRgb, windowToGray, type ImageWindow } from '../../../shared/window-level';
import { decodeRle } from '../../../shared/rle';
import { maskToRowMajor } from '../../../shared/mask';
import { packClassBits } from '../../../shared/class-bits';
import { requireSteelClass } from '../../../shared/label-rules';
import { realPathInside } from '../../security/paths';
import { sliceGeometry, type SliceGeometry } from '../../../shared/slice-geometry';

export interface EncodedImage {
  bytes: Uint8Array;
  contentType: string;
  width: number;
  height: number;
}

export interface SliceHu {
  width: number;
  height: number;
  frames: number;
  hu: Int16Array;
  windowCenter: number | null;
  windowWidth: number | null;
  /** Where the frame's pixels lie (the ruler's mm, the pointer's patient position), from its own header. */
  geometry: SliceGeometry;
}

const STEEL_THUMB_WIDTH = 480;
const CT_THUMB_SIZE = 128;

/** A small most-recently-used cache. */
class Recent<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

export class ItemImageService {
  private readonly slices = new Recent<SliceHu>(24);
  private readonly thumbnails = new Recent<EncodedImage>(1024);

  constructor(
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
    private readonly maps: PredictionMapStore,
  ) {}

  /** The item's file, only when it lies inside its dataset's folder (symbolic links resolved). */
  fileOf(itemId: number): { path: string; kind: 'severstal' | 'rsna' } {
    const item = this.datasets.item(itemId);
    const dataset = this.datasets.get(item.datasetId);
    const found = realPathInside(dataset.root, item.path);
    if (!found.ok && found.reason === 'missing') {
      throw new LoupeError('not_found', `${resolve(dataset.root, item.path)}: the file of item ${itemId} is missing`);
    }
    if (!found.ok) throw new LoupeError('forbidden', `item ${itemId} points outside its dataset folder`);
    return { path: found.path, kind: dataset.kind };
  }

  /** Steel: the strip image exactly as stored (PNG or JPEG, told by its bytes). CT: the slice under a window, as PNG. */
  async image(itemId: number, window: ImageWindow = 'brain'): Promise<EncodedImage> {
    const { path, kind } = this.fileOf(itemId);
    if (kind === 'rsna') return this.slicePng(itemId, window);
    const bytes = readFileSync(path);
    const contentType = sniffContentType(bytes);
    const item = this.datasets.item(itemId);
    if (contentType) return { bytes, contentType, width: item.width, height: item.height };
    const png = await (await loadSharp())(bytes).png().toBuffer({ resolveWithObject: true });
    return { bytes: png.data, contentType: 'image/png', width: png.info.width, height: png.info.height };
  }

  /** CT: one frame in Hounsfield units, with the file's own window when it has one. */
  async sliceHu(itemId: number, frame = 0): Promise<SliceHu> {
    const key = `${itemId}:${frame}`;
    const cached = this.slices.get(key);
    if (cached) return cached;
    const { path, kind } = this.fileOf(itemId);
    if (kind !== 'rsna') throw badInput(`item ${itemId} is a steel image, not a CT slice`);
    const { frames } = this.datasets.item(itemId);
    if (frame >= frames) throw notFound(`item ${itemId} has no frame ${frame} (it has ${frames})`);
    // The DICOM reader and its codecs load with the first slice, not with the services.
    const { decodeDicomFrame, initDicomCodecs } = await import('../../imaging/dicom');
    await initDicomCodecs();
    const decoded = decodeDicomFrame(readFileSync(path), frame, path);
    const slice: SliceHu = {
      width: decoded.width,
      height: decoded.height,
      frames: decoded.meta.frames,
      hu: decoded.hu,
      windowCenter: decoded.meta.windowCenters[0] ?? null,
      windowWidth: decoded.meta.windowWidths[0] ?? null,
      geometry: sliceGeometry(decoded.meta.pixelSpacing ?? null, decoded.meta.imagePosition, decoded.meta.imageOrientation),
    };
    this.slices.set(key, slice);
    return slice;
  }

  async slicePng(itemId: number, window: ImageWindow, frame = 0): Promise<EncodedImage> {
    const slice = await this.sliceHu(itemId, frame);
    const { width, height } = slice;
    const channels = window === 'composite' ? 3 : 1;
    const pixels =
      window === 'composite' ? compositeRgb(slice.hu) : windowToGray(slice.hu, WINDOW_PRESETS[window].center, WINDOW_PRESETS[window].width);
    const image = (await loadSharp())(pixels, { raw: { width, height, channels } });
    const bytes = await (channels === 1 ? image.toColourspace('b-w') : image).png({ compressionLevel: 3 }).toBuffer();
    return { bytes, contentType: 'image/png', width, height };
  }

  async thumbnail(itemId: number): Promise<EncodedImage> {
    const cached = this.thumbnails.get(String(itemId));
    if (cached) return cached;
    const { path, kind } = this.fileOf(itemId);
    const sharp = await loadSharp();
    let image: SharpImage;
    if (kind === 'severstal') {
      image = sharp(readFileSync(path)).grayscale().resize({ width: STEEL_THUMB_WIDTH });
    } else {
      const slice = await this.sliceHu(itemId);
      const gray = windowToGray(slice.hu, WINDOW_PRESETS.brain.center, WINDOW_PRESETS.brain.width);
      image = sharp(gray, { raw: { width: slice.width, height: slice.height, channels: 1 } }).resize(CT_THUMB_SIZE, CT_THUMB_SIZE, {
        fit: 'contain',
        background: '#000',
      });
    }
    const { data, info } = await image.jpeg({ quality: 78 }).toBuffer({ resolveWithObject: true });
    const thumbnail = { bytes: data, contentType: 'image/jpeg', width: info.width, height: info.height };
    this.thumbnails.set(String(itemId), thumbnail);
    return thumbnail;
  }

  /** Steel: the current mask of one class as a grayscale PNG the size of the strip (255 = defect). */
  async maskPng(itemId: number, classId: number): Promise<EncodedImage> {
    const item = this.datasets.item(itemId);
    const dataset = this.datasets.get(item.datasetId);
    if (dataset.kind !== 'severstal') throw badInput(`item ${itemId} is a CT slice; it has labels, not masks`);
    requireSteelClass(classId);
    const { width, height } = item;
    const rle = this.labels.currentOf(itemId).get(classId) ?? '';
    const rows = maskToRowMajor(decodeRle(rle, width, height), width, height);
    for (let i = 0; i < rows.length; i++) rows[i] = rows[i] ? 255 : 0;
    const bytes = await (await loadSharp())(rows, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 6 }).toBuffer();
    return { bytes, contentType: 'image/png', width, height };
  }

  /** A model version's stored masks of a strip, the four classes packed one byte per pixel (shared/class-bits.ts). */
  predictionBits(itemId: number, version: string): EncodedImage {
    const item = this.datasets.item(itemId);
    if (this.datasets.get(item.datasetId).kind !== 'severstal') throw badInput(`item ${itemId} is a CT slice; it has probabilities, not masks`);
    const classes = this.labels.labelsOfItems([itemId], `model:${version}`).get(itemId);
    if (!classes) throw notFound(`model ${version} has not predicted ${item.key}`);
    const { width, height } = item;
    const masks = new Map([...classes].map(([classId, rle]) => [classId, decodeRle(rle, width, height)]));
    return { bytes: packClassBits(masks, width * height), contentType: 'application/octet-stream', width, height };
  }

  /** A model version's stored probability map of one class of a strip: row-major bytes p × 255 at the model's resolution. */
  probabilityMap(itemId: number, version: string, classId: number): EncodedImage {
    const item = this.datasets.item(itemId);
    if (this.datasets.get(item.datasetId).kind !== 'severstal') throw badInput(`item ${itemId} is a CT slice; it has probabilities, not maps`);
    const map = this.maps.mapsOf(itemId, `model:${version}`).find((m) => m.classId === classId);
    if (!map) throw notFound(`model ${version} has no stored probability map of class ${classId} for ${item.key}`);
    return { bytes: map.data, contentType: 'application/octet-stream', width: map.width, height: map.height };
  }
}

/** PNG or JPEG by the file's first bytes, whatever its name says; null for anything else. */
export function sniffContentType(bytes: Uint8Array): string | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

// The DICOM header of a slice as text for the tag browser: every element (sequence items one level deeper)
// with its keyword from dcmjs's data dictionary, its VR and its value. Parsed with dicom-parser; pixel data
// is listed by its size only, never sent.
import { readFileSync } from 'node:fs';
import type { DataSet, Element } from 'dicom-parser';
import type { DatasetService } from '../datasets/datasets';
import type { ItemImageService } from '../datasets/item-images';
import type { DicomTagList, DicomTagRow } from '../../../shared/api/ct-types';
import { transferSyntaxOf } from '../../imaging/dicom/transfer-syntax';
import { badInput } from '../../../shared/errors';

/** The most rows one answer lists (headers with huge sequences are cut there). */
export const MAX_TAG_ROWS = 4000;
const MAX_VALUE_CHARS = 240;
const MAX_NUMBERS = 32;

const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
const NUMBER_VRS: Record<string, { size: number; read: (ds: DataSet, tag: string, i: number) => number | undefined }> = {
  US: { size: 2, read: (ds, tag, i) => ds.uint16(tag, i) },
  SS: { size: 2, read: (ds, tag, i) => ds.int16(tag, i) },
  UL: { size: 4, read: (ds, tag, i) => ds.uint32(tag, i) },
  SL: { size: 4, read: (ds, tag, i) => ds.int32(tag, i) },
  FL: { size: 4, read: (ds, tag, i) => ds.float(tag, i) },
  FD: { size: 8, read: (ds, tag, i) => ds.double(tag, i) },
};

type Dictionary = Record<string, { vr: string; name: string }>;
let dictionary: Promise<Dictionary> | null = null;
/** dcmjs's dictionary (5000+ entries) loads on first use only. */
const loadDictionary = () => (dictionary ??= import('dcmjs/dictionary').then((m) => m.dictionary as Dictionary));

/** `x00280010` → `(0028,0010)`. */
export function formatTag(tag: string): string {
  const hex = tag.replace(/^x/, '').toUpperCase();
  return `(${hex.slice(0, 4)},${hex.slice(4, 8)})`;
}

export class DicomTagService {
  constructor(
    private readonly datasets: DatasetService,
    private readonly images: ItemImageService,
  ) {}

  async tags(itemId: number): Promise<DicomTagList> {
    const item = this.datasets.item(itemId);
    const { path, kind } = this.images.fileOf(itemId);
    if (kind !== 'rsna') throw badInput(`item ${itemId} is a steel image; it has no DICOM header`);
    // The DICOM parser loads with the first header asked for, not with the services (the CLI never needs it).
    const [names, { parseDicomBytes, transferSyntaxUidOf }] = await Promise.all([loadDictionary(), import('../../imaging/dicom/parse')]);
    const ds = parseDicomBytes(new Uint8Array(readFileSync(path)), path, false);
    const rows: DicomTagRow[] = [];
    const truncated = !listElements(ds, 0, names, rows);
    const syntax = transferSyntaxOf(transferSyntaxUidOf(ds));
    return { itemId, key: item.key, transferSyntax: syntax.encoding === 'unsupported' ? syntax.uid : syntax.name, rows, truncated };
  }
}

/** Appends the rows of a data set; false when the row limit was reached. */
function listElements(ds: DataSet, depth: number, names: Dictionary, rows: DicomTagRow[]): boolean {
  const tags = Object.keys(ds.elements).sort();
  for (const tag of tags) {
    if (rows.length >= MAX_TAG_ROWS) return false;
    const element = ds.elements[tag];
    const key = formatTag(tag);
    const known = nameOf(key, names);
    const vr = element.vr ?? known?.vr ?? 'UN';
    rows.push({ tag: key, name: known?.name ?? '', vr, value: valueOf(ds, element, vr), length: element.length, depth });
    if (element.items) {
      for (const [index, item] of element.items.entries()) {
        if (rows.length >= MAX_TAG_ROWS) return false;
        rows.push({ tag: '(FFFE,E000)', name: `Item ${index + 1}`, vr: '', value: '', length: item.length, depth: depth + 1 });
        if (item.dataSet && !listElements(item.dataSet, depth + 2, names, rows)) return false;
      }
    }
  }
  return true;
}

function nameOf(key: string, names: Dictionary): { vr: string; name: string } | undefined {
  const known = names[key];
  if (known) return known;
  const group = parseInt(key.slice(1, 5), 16);
  const element = parseInt(key.slice(6, 10), 16);
  if (element === 0) return { vr: 'UL', name: 'GroupLength' };
  if (group % 2 === 1) return element >= 0x10 && element <= 0xff ? { vr: 'LO', name: 'PrivateCreator' } : undefined;
  // Repeating groups (curves, overlays): 50xx / 60xx.
  const repeating = `(${key.slice(1, 3)}xx,${key.slice(6, 10)})`;
  return names[repeating];
}

function valueOf(ds: DataSet, element: Element, vr: string): string {
  if (element.items) return `${element.items.length} item${element.items.length === 1 ? '' : 's'}`;
  if (element.tag === 'x7fe00010') {
    return element.encapsulatedPixelData ? `(pixel data, ${element.fragments?.length ?? 0} fragments)` : `(pixel data, ${element.length} bytes)`;
  }
  if (element.length === 0) return '';
  if (TEXT_VRS.has(vr)) return cut((ds.string(element.tag) ?? '').replace(/\0/g, '').trim());
  const numbers = NUMBER_VRS[vr === 'xs' ? 'US' : vr];
  if (numbers) {
    const count = Math.floor(element.length / numbers.size);
    const values: string[] = [];
    for (let i = 0; i < Math.min(count, MAX_NUMBERS); i++) values.push(String(numbers.read(ds, element.tag, i)));
    return cut(values.join('\\') + (count > MAX_NUMBERS ? `\\… (${count} values)` : ''));
  }
  if (vr === 'AT') {
    const value = ds.attributeTag(element.tag);
    return value ? formatTag(value) : '';
  }
  return `(${element.length} bytes)`;
}

function cut(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

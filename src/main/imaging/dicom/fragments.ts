// The framing of encapsulated Pixel Data (PS3.5 A.4): a Basic Offset Table item, one or more fragment items,
// a sequence delimiter. Walked item header by item header, so a truncated file or a fragment whose length
// runs past the end is found without reading the fragments themselves.
import type { ByteSource } from './byte-source';
import type { PixelEncoding } from './transfer-syntax';

/** A problem with a slice's structure; the caller puts the file's name in front. */
export class SliceFlaw extends Error {}

export interface Fragment {
  /** Byte where the fragment's value starts. */
  position: number;
  length: number;
  /** Offset of the fragment's item header from the first fragment's item header (what the offset table holds). */
  offset: number;
}

export interface EncapsulatedLayout {
  basicOffsetTable: number[];
  fragments: Fragment[];
}

const ITEM = 0xe000;
const SEQUENCE_DELIMITER = 0xe0dd;
const MAX_ITEMS = 1 << 20;

function itemHeader(source: ByteSource, position: number): { group: number; element: number; length: number } | null {
  const bytes = source.read(position, 8);
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return { group: view.getUint16(0, true), element: view.getUint16(2, true), length: view.getUint32(4, true) };
}

const hex4 = (value: number) => value.toString(16).toUpperCase().padStart(4, '0');

/** Reads the items of encapsulated Pixel Data whose value starts at `dataOffset` (always little endian). */
export function readEncapsulatedLayout(source: ByteSource, dataOffset: number): EncapsulatedLayout {
  const truncated = (what: string) => new SliceFlaw(`the file is truncated: it ends at byte ${source.size.toLocaleString('en')}, inside the encapsulated Pixel Data (${what})`);
  const bot = itemHeader(source, dataOffset);
  if (bot === null) throw truncated('before its Basic Offset Table');
  if (bot.group !== 0xfffe || bot.element !== ITEM) {
    throw new SliceFlaw(`encapsulated Pixel Data does not start with a Basic Offset Table item (found (${hex4(bot.group)},${hex4(bot.element)}) at byte ${dataOffset})`);
  }
  if (bot.length % 4 !== 0) throw new SliceFlaw(`the Basic Offset Table is ${bot.length} bytes, not a multiple of 4`);
  if (dataOffset + 8 + bot.length > source.size) throw truncated('in its Basic Offset Table');
  const table = source.read(dataOffset + 8, bot.length);
  const tableView = new DataView(table.buffer, table.byteOffset, table.length);
  const basicOffsetTable = Array.from({ length: bot.length / 4 }, (_, i) => tableView.getUint32(i * 4, true));

  const fragments: Fragment[] = [];
  const first = dataOffset + 8 + bot.length;
  let position = first;
  for (;;) {
    const header = itemHeader(source, position);
    if (header === null) throw truncated(`before its sequence delimiter (FFFE,E0DD), after ${fragments.length} fragment${fragments.length === 1 ? '' : 's'}`);
    if (header.group === 0xfffe && header.element === SEQUENCE_DELIMITER) break;
    if (header.group !== 0xfffe || header.element !== ITEM) {
      throw new SliceFlaw(`unexpected element (${hex4(header.group)},${hex4(header.element)}) at byte ${position} inside the encapsulated Pixel Data, where a fragment item or the sequence delimiter belongs`);
    }
    if (header.length === 0xffffffff) throw new SliceFlaw(`fragment ${fragments.length + 1} has an undefined length`);
    if (position + 8 + header.length > source.size) {
      throw truncated(`fragment ${fragments.length + 1} declares ${header.length.toLocaleString('en')} bytes from byte ${position + 8}`);
    }
    fragments.push({ position: position + 8, length: header.length, offset: position - first });
    if (fragments.length > MAX_ITEMS) throw new SliceFlaw(`encapsulated Pixel Data has more than ${MAX_ITEMS} fragments`);
    position += 8 + header.length;
  }
  if (fragments.length === 0) throw new SliceFlaw('encapsulated Pixel Data has no fragments');
  return { basicOffsetTable, fragments };
}

/**
 * Whether a fragment ends with a JPEG / JPEG 2000 end marker (FFD9), followed by at most `padding` bytes (zeros,
 * when more than one). Splitting frames allows one pad byte, as the decoder's splitter does; checking a frame's
 * end allows a few zeros more, which some encoders write and decoders ignore.
 */
export function endsWithEndMarker(source: ByteSource, fragment: Fragment, padding = 1): boolean {
  const span = Math.min(fragment.length, padding + 2);
  const tail = source.read(fragment.position + fragment.length - span, span);
  const n = tail.length;
  const markerEndsAt = (end: number) => end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
  if (markerEndsAt(n) || (padding >= 1 && markerEndsAt(n - 1))) return true; // one pad byte, of any value
  let end = n;
  while (end > 0 && n - end < padding && tail[end - 1] === 0) end--;
  return markerEndsAt(end);
}

/**
 * The fragments of each frame, split as the decoder splits them: all of them for one frame, the Basic Offset
 * Table when there is one, one fragment per frame when the counts agree, else (JPEG families) at each fragment
 * that ends with an end-of-image marker.
 */
export function fragmentsPerFrame(source: ByteSource, layout: EncapsulatedLayout, frames: number, encoding: PixelEncoding): Fragment[][] {
  const { fragments, basicOffsetTable } = layout;
  if (frames === 1) return [fragments];
  if (basicOffsetTable.length > 0) {
    if (basicOffsetTable.length !== frames) {
      throw new SliceFlaw(`the Basic Offset Table lists ${basicOffsetTable.length} frames, NumberOfFrames says ${frames}`);
    }
    return basicOffsetTable.map((start, i) => {
      const end = i + 1 < frames ? basicOffsetTable[i + 1] : Infinity;
      const own = fragments.filter((f) => f.offset >= start && f.offset < end);
      if (own.length === 0 || own[0].offset !== start) {
        throw new SliceFlaw(`the Basic Offset Table points frame ${i + 1} at offset ${start}, where no fragment starts`);
      }
      return own;
    });
  }
  if (fragments.length === frames) return fragments.map((f) => [f]);
  if (fragments.length < frames) throw new SliceFlaw(`encapsulated Pixel Data has ${fragments.length} fragments for ${frames} frames`);
  if (encoding === 'rle') throw new SliceFlaw(`RLE Pixel Data with ${fragments.length} fragments for ${frames} frames and no Basic Offset Table cannot be split into frames`);
  const split: Fragment[][] = [];
  let current: Fragment[] = [];
  for (const fragment of fragments) {
    current.push(fragment);
    if (endsWithEndMarker(source, fragment)) {
      split.push(current);
      current = [];
    }
  }
  if (split.length !== frames || current.length > 0) {
    throw new SliceFlaw(`cannot split ${fragments.length} fragments into ${frames} frames: ${split.length} of them end with an end-of-image marker${current.length > 0 ? ' and the last frame has none' : ''}`);
  }
  return split;
}

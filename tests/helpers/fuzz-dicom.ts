// A seeded fuzz corpus of DICOM files, generated from real files by the test that uses it (nothing binary is
// committed): truncations, header field mutations, wrong Pixel Data and fragment lengths, cut or corrupt
// codestreams, and random byte flips. Each case says whether its mutation provably breaks the file
// (`mustRefuse`) or may leave a file that is still valid (a flipped pixel value of an uncompressed slice).
import { inflateRawSync } from 'node:zlib';
import { readDicomMeta } from '../../src/main/imaging/dicom/meta';
import { transferSyntaxOf } from '../../src/main/imaging/dicom/transfer-syntax';
import {
  dicomLayout,
  unknownTransferSyntax,
  withBytes,
  withFragmentCut,
  withFragmentLength,
  withPixelDataLength,
  withString,
  withUint16,
} from './dicom-mutate';

export interface FuzzCase {
  /** Unique, readable: `<group>/<what>/<source file>`. */
  id: string;
  group: 'truncation' | 'header' | 'pixel length' | 'codestream' | 'flip';
  /** The source file's name, kept for the mutated file. */
  source: string;
  what: string;
  /** True when the mutation provably breaks the file; false when the result may still be a valid file. */
  mustRefuse: boolean;
  bytes: Uint8Array;
}

/** mulberry32: a small, seeded, reproducible source of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The encoding of a transfer syntax in the words of the list. */
export function encodingName(uid: string): string {
  const names: Record<string, string> = {
    'native-be': 'big endian',
    'jpeg-dct': 'JPEG baseline/extended',
    'jpeg-lossless': 'JPEG lossless',
    'jpeg-ls': 'JPEG-LS',
    'jpeg-2000': 'JPEG 2000',
    rle: 'RLE',
  };
  if (uid === '1.2.840.10008.1.2') return 'implicit LE';
  if (uid === '1.2.840.10008.1.2.1') return 'explicit LE';
  if (uid === '1.2.840.10008.1.2.1.99') return 'deflate';
  return names[transferSyntaxOf(uid).encoding] ?? uid;
}

const TAG = { rows: 'x00280010', columns: 'x00280011', bitsAllocated: 'x00280100', bitsStored: 'x00280101', highBit: 'x00280102', samples: 'x00280002', pixelRepresentation: 'x00280103', frames: 'x00280008', transferSyntax: 'x00020010' };

/** Where the deflate stream of a deflated file ends (cuts before it provably break inflation). */
function deflateEnd(bytes: Uint8Array, bodyOffset: number): number {
  const { engine } = inflateRawSync(bytes.subarray(bodyOffset), { info: true }) as unknown as { engine: { bytesWritten: number } };
  return bodyOffset + engine.bytesWritten;
}

function truncations(name: string, bytes: Uint8Array): FuzzCase[] {
  const layout = dicomLayout(bytes);
  const n = bytes.length;
  const cut = (at: number, what: string, mustRefuse: boolean): FuzzCase => ({
    id: `truncation/${what}/${name}`, group: 'truncation', source: name, what: `cut ${what} (at byte ${at} of ${n})`, mustRefuse, bytes: bytes.subarray(0, at),
  });
  if (layout.deflated) {
    const end = deflateEnd(bytes, layout.bodyOffset);
    return [
      cut(Math.floor(n / 10), 'to a tenth', true),
      cut(Math.floor(n / 3), 'to a third', true),
      cut(Math.floor(n / 2), 'in half', true),
      cut(end - 4, 'inside the last bytes of the deflate stream', true),
    ];
  }
  const { dataOffset, length } = layout.pixelData;
  // A cut before the end of the Pixel Data element provably breaks the file; one in the elements after it may
  // or may not break what the viewer reads.
  const at = (offset: number, what: string) => cut(offset, what, offset < layout.pixelEnd);
  const cases = [
    at(Math.floor(n / 10), 'to a tenth'),
    at(Math.floor(n / 3), 'to a third'),
    at(dataOffset + 2, 'just past the Pixel Data tag'),
    at(dataOffset + Math.floor(length / 2), 'in the middle of the pixel data'),
    at(layout.pixelEnd - 9, 'nine bytes before the end of the pixel data'),
    at(layout.pixelEnd - 1, 'one byte before the end of the pixel data'),
  ];
  if (layout.pixelEnd < n) cases.push(at(layout.pixelEnd + Math.floor((n - layout.pixelEnd) / 2), 'inside the elements after the pixel data'));
  return cases;
}

function headerMutations(name: string, bytes: Uint8Array): FuzzCase[] {
  const meta = readDicomMeta(bytes, name);
  const cases: FuzzCase[] = [];
  const add = (what: string, mutate: () => Uint8Array) => {
    let mutated: Uint8Array;
    try {
      mutated = mutate();
    } catch {
      return; // the file has no such element to change
    }
    cases.push({ id: `header/${what}/${name}`, group: 'header', source: name, what, mustRefuse: true, bytes: mutated });
  };
  const us = (tag: string, label: string, value: number, original: number) => {
    if (value !== original) add(`${label} ${value}`, () => withUint16(bytes, tag, value));
  };
  us(TAG.rows, 'Rows', 0, meta.rows);
  us(TAG.rows, 'Rows', meta.rows >> 1, meta.rows);
  us(TAG.rows, 'Rows', meta.rows * 2, meta.rows);
  us(TAG.columns, 'Columns', 0, meta.columns);
  us(TAG.columns, 'Columns', meta.columns * 2, meta.columns);
  for (const bits of [0, meta.bitsAllocated === 16 ? 8 : 16, 12, 32, 64]) us(TAG.bitsAllocated, 'BitsAllocated', bits, meta.bitsAllocated);
  us(TAG.bitsStored, 'BitsStored', 0, meta.bitsStored);
  us(TAG.bitsStored, 'BitsStored', meta.bitsAllocated + 1, meta.bitsStored);
  us(TAG.highBit, 'HighBit', meta.bitsAllocated, meta.highBit);
  if (meta.bitsStored >= 2) us(TAG.highBit, 'HighBit', meta.bitsStored - 2, meta.highBit);
  us(TAG.samples, 'SamplesPerPixel', 0, meta.samplesPerPixel);
  us(TAG.samples, 'SamplesPerPixel', 3, meta.samplesPerPixel);
  us(TAG.pixelRepresentation, 'PixelRepresentation', 2, meta.pixelRepresentation);
  add('an unknown transfer syntax', () => withString(bytes, TAG.transferSyntax, unknownTransferSyntax(meta.transferSyntaxUid), '\0'));
  if (dicomLayout(bytes).elements[TAG.frames]) {
    add('NumberOfFrames 0', () => withString(bytes, TAG.frames, '0'));
    add(`NumberOfFrames ${meta.frames + 1}`, () => withString(bytes, TAG.frames, String(meta.frames + 1)));
  }
  return cases;
}

/** The index of the last fragment of the first frame. */
function firstFrameEnd(bytes: Uint8Array, frames: number): number {
  const { fragments } = dicomLayout(bytes).pixelData;
  if (frames === 1 || fragments.length === frames) return frames === 1 ? fragments.length - 1 : 0;
  const endsFrame = (f: { position: number; length: number }) => {
    const end = f.position + f.length;
    return (bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9) || (bytes[end - 3] === 0xff && bytes[end - 2] === 0xd9);
  };
  return fragments.findIndex(endsFrame);
}

function lengthMutations(name: string, bytes: Uint8Array): FuzzCase[] {
  const layout = dicomLayout(bytes);
  const make = (what: string, mutated: Uint8Array): FuzzCase => ({ id: `pixel length/${what}/${name}`, group: 'pixel length', source: name, what, mustRefuse: true, bytes: mutated });
  const { length, encapsulated, fragments } = layout.pixelData;
  if (!encapsulated) {
    return [make('Pixel Data 2 bytes shorter', withPixelDataLength(bytes, length - 2)), make('Pixel Data 2 bytes longer', withPixelDataLength(bytes, length + 2))];
  }
  return [
    make('first fragment 2 bytes shorter', withFragmentLength(bytes, 0, fragments[0].length - 2)),
    make('first fragment 2 bytes longer', withFragmentLength(bytes, 0, fragments[0].length + 2)),
    make('encapsulated Pixel Data given a defined length', withPixelDataLength(bytes, length)),
  ];
}

function codestreamMutations(name: string, bytes: Uint8Array): FuzzCase[] {
  const layout = dicomLayout(bytes);
  const make = (what: string, mutated: Uint8Array): FuzzCase => ({ id: `codestream/${what}/${name}`, group: 'codestream', source: name, what, mustRefuse: true, bytes: mutated });
  if (layout.deflated) {
    // BTYPE 3 is reserved: the first deflate block cannot be read.
    return [make('the deflate stream starting with a reserved block type', withBytes(bytes, layout.bodyOffset, [0x06]))];
  }
  if (!layout.pixelData.encapsulated) return [];
  const meta = readDicomMeta(bytes, name);
  const first = layout.pixelData.fragments[0];
  const last = firstFrameEnd(bytes, meta.frames);
  return [
    make('the first frame’s first 4 bytes zeroed (no SOI / SOC / RLE header)', withBytes(bytes, first.position, [0, 0, 0, 0])),
    make('the first frame’s codestream cut in half, framing kept sound', withFragmentCut(bytes, last, Math.floor(layout.pixelData.fragments[last].length / 2))),
  ];
}

function flips(name: string, bytes: Uint8Array, random: () => number, count: number): FuzzCase[] {
  const layout = dicomLayout(bytes);
  const pixels = layout.deflated ? { from: layout.bodyOffset, to: bytes.length } : { from: layout.pixelData.dataOffset, to: layout.pixelEnd };
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    // Half anywhere in the file, half inside the pixel data (or the deflate stream).
    const [from, to] = i % 2 === 0 ? [0, bytes.length] : [pixels.from, pixels.to];
    const at = from + Math.floor(random() * (to - from));
    const mask = 1 + Math.floor(random() * 255);
    const flipped = new Uint8Array(bytes);
    flipped[at] ^= mask;
    cases.push({ id: `flip/byte ${at} ^ 0x${mask.toString(16)}/${name}`, group: 'flip', source: name, what: `byte ${at} XOR 0x${mask.toString(16)}`, mustRefuse: false, bytes: flipped });
  }
  return cases;
}

/**
 * The corpus for `sources` (real DICOM files): truncations and byte flips of every file, header and length
 * mutations of one file per transfer syntax, codestream mutations of every compressed file.
 */
export function dicomCorpus(sources: readonly { name: string; bytes: Uint8Array }[], seed: number, flipsPerFile = 8): FuzzCase[] {
  const random = seededRandom(seed);
  const seenSyntax = new Set<string>();
  const cases: FuzzCase[] = [];
  for (const { name, bytes } of sources) {
    const uid = readDicomMeta(bytes, name).transferSyntaxUid;
    cases.push(...truncations(name, bytes));
    if (!seenSyntax.has(uid)) {
      seenSyntax.add(uid);
      cases.push(...headerMutations(name, bytes), ...lengthMutations(name, bytes));
    }
    cases.push(...codestreamMutations(name, bytes), ...flips(name, bytes, random, flipsPerFile));
  }
  return cases;
}

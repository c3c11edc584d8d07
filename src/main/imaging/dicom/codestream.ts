// What a compressed frame says about itself, read from its first bytes and its last: the JPEG / JPEG-LS frame
// header (SOF), the JPEG 2000 image header (SIZ), the RLE segment table, and the end marker. The import
// compares them with the DICOM header, so a frame cut short or a header that does not describe its frames is
// refused without decoding a pixel.
import type { ByteSource } from './byte-source';
import type { DicomMeta } from './types';
import type { PixelEncoding } from './transfer-syntax';
import { endsWithEndMarker, type Fragment, SliceFlaw } from './fragments';

/** Enough for every marker segment before the frame header, ICC profiles and tables included. */
const HEAD_BYTES = 64 * 1024;
/** Zeros an encoder may leave after a frame's end marker (decoders stop at the marker). */
const TRAILING_ZEROS = 16;

interface FrameHeader {
  /** Which kind of codestream the header belongs to, in words. */
  kind: string;
  width: number;
  height: number;
  components: number;
  precision: number;
}

/** The first `length` bytes of a frame, across its fragments. */
function frameHead(source: ByteSource, fragments: readonly Fragment[], length: number): Uint8Array {
  const total = Math.min(length, fragments.reduce((n, f) => n + f.length, 0));
  const out = new Uint8Array(total);
  let filled = 0;
  for (const f of fragments) {
    if (filled >= total) break;
    const part = source.read(f.position, Math.min(f.length, total - filled));
    out.set(part, filled);
    filled += part.length;
  }
  return out;
}

const u16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u32 = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;

/** Start-of-frame markers: JPEG SOF0–SOF15 (less DHT, JPG and DAC) and JPEG-LS SOF55. */
function sofKind(marker: number): 'dct' | 'lossless' | 'ls' | null {
  if (marker === 0xf7) return 'ls';
  if (marker < 0xc0 || marker > 0xcf || marker === 0xc4 || marker === 0xc8 || marker === 0xcc) return null;
  return (marker & 0x03) === 0x03 ? 'lossless' : 'dct';
}

const JPEG_FAMILY: Partial<Record<PixelEncoding, 'dct' | 'lossless' | 'ls'>> = { 'jpeg-dct': 'dct', 'jpeg-lossless': 'lossless', 'jpeg-ls': 'ls' };
const FAMILY_NAME = { dct: 'JPEG (DCT)', lossless: 'JPEG lossless', ls: 'JPEG-LS' } as const;

function jpegFrameHeader(head: Uint8Array, encoding: PixelEncoding): FrameHeader {
  if (head[0] !== 0xff || head[1] !== 0xd8) throw new SliceFlaw('does not start with a JPEG start-of-image marker (FFD8)');
  let i = 2;
  while (i + 4 <= head.length) {
    if (head[i] !== 0xff) throw new SliceFlaw(`has no JPEG marker at byte ${i} of its codestream, where one belongs`);
    const marker = head[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) throw new SliceFlaw('has no JPEG frame header (SOF) before its scan');
    const family = sofKind(marker);
    if (family !== null) {
      if (i + 10 > head.length) break;
      const expected = JPEG_FAMILY[encoding];
      if (expected !== undefined && family !== expected) {
        throw new SliceFlaw(`holds a ${FAMILY_NAME[family]} codestream, but the transfer syntax says ${FAMILY_NAME[expected]}`);
      }
      return { kind: FAMILY_NAME[family], precision: head[i + 4], height: u16(head, i + 5), width: u16(head, i + 7), components: head[i + 9] };
    }
    i += 2 + u16(head, i + 2);
  }
  throw new SliceFlaw('ends before its JPEG frame header (SOF)');
}

/** The JPEG 2000 codestream inside a frame: a bare codestream (SOC), or the 'jp2c' box of a JP2 file. */
function j2kCodestreamStart(head: Uint8Array): number {
  if (head[0] === 0xff && head[1] === 0x4f) return 0;
  let i = 0;
  while (i + 8 <= head.length) {
    let length = u32(head, i);
    const type = String.fromCharCode(head[i + 4], head[i + 5], head[i + 6], head[i + 7]);
    let header = 8;
    if (length === 1 && i + 16 <= head.length) {
      length = u32(head, i + 12); // XLBox: boxes over 4 GiB are not met here
      header = 16;
    }
    if (type === 'jp2c') return i + header;
    if (length < header) break;
    i += length;
  }
  throw new SliceFlaw('does not start with a JPEG 2000 codestream (SOC marker FF4F) or a JP2 file holding one');
}

function j2kFrameHeader(head: Uint8Array): FrameHeader {
  const soc = j2kCodestreamStart(head);
  const siz = soc + 2;
  if (head[siz] !== 0xff || head[siz + 1] !== 0x51) throw new SliceFlaw('has no JPEG 2000 image header (SIZ marker FF51) after its SOC marker');
  if (siz + 43 > head.length) throw new SliceFlaw('ends inside its JPEG 2000 image header (SIZ)');
  const width = u32(head, siz + 6) - u32(head, siz + 14);
  const height = u32(head, siz + 10) - u32(head, siz + 18);
  return { kind: 'JPEG 2000', width, height, components: u16(head, siz + 38), precision: (head[siz + 40] & 0x7f) + 1 };
}

/** RLE (PS3.5 G.4): a 64-byte header with the segment count and each segment's offset, inside the frame. */
function checkRleHeader(head: Uint8Array, frameLength: number, meta: DicomMeta): void {
  if (frameLength < 64) throw new SliceFlaw(`is ${frameLength} bytes, shorter than the 64-byte RLE header`);
  const view = new DataView(head.buffer, head.byteOffset, 64);
  const segments = view.getUint32(0, true);
  const expected = meta.samplesPerPixel * (meta.bitsAllocated / 8);
  if (segments !== expected) {
    throw new SliceFlaw(`has ${segments} RLE segments; ${expected} belong to ${meta.samplesPerPixel} sample${meta.samplesPerPixel === 1 ? '' : 's'} of ${meta.bitsAllocated} bits`);
  }
  let previous = 63;
  for (let s = 0; s < segments; s++) {
    const offset = view.getUint32(4 + s * 4, true);
    if (offset <= previous || offset >= frameLength || (s === 0 && offset !== 64)) {
      throw new SliceFlaw(`has RLE segment ${s + 1} at byte ${offset}, outside its ${frameLength} bytes or out of order`);
    }
    previous = offset;
  }
}

/**
 * Checks one compressed frame against the header: it starts as its codestream must, says the size, sample
 * count and precision the header says, and ends with its end marker (so a frame cut short is found).
 */
export function checkFrameCodestream(source: ByteSource, fragments: readonly Fragment[], frame: number, meta: DicomMeta, encoding: PixelEncoding): void {
  const where = meta.frames > 1 ? `frame ${frame + 1} of ${meta.frames}` : 'the compressed frame';
  try {
    const frameLength = fragments.reduce((n, f) => n + f.length, 0);
    const head = frameHead(source, fragments, HEAD_BYTES);
    if (encoding === 'rle') return checkRleHeader(head, frameLength, meta);
    const header = encoding === 'jpeg-2000' ? j2kFrameHeader(head) : jpegFrameHeader(head, encoding);
    const heightMatches = header.height === meta.rows || (header.height === 0 && header.kind !== 'JPEG 2000'); // 0: a DNL marker sets it
    if (header.width !== meta.columns || !heightMatches) {
      throw new SliceFlaw(`holds a ${header.width}×${header.height} ${header.kind} image, but Columns × Rows say ${meta.columns}×${meta.rows}`);
    }
    if (header.components !== meta.samplesPerPixel) {
      throw new SliceFlaw(`holds ${header.components} components per pixel, but SamplesPerPixel says ${meta.samplesPerPixel}`);
    }
    if (header.precision > meta.bitsAllocated) {
      throw new SliceFlaw(`holds ${header.precision}-bit samples, more than BitsAllocated (${meta.bitsAllocated})`);
    }
    if (!endsWithEndMarker(source, fragments[fragments.length - 1], TRAILING_ZEROS)) {
      throw new SliceFlaw(`does not end with its end marker (FFD9): the ${header.kind} codestream is cut short`);
    }
  } catch (error) {
    if (error instanceof SliceFlaw) throw new SliceFlaw(`${where} ${error.message}`);
    throw error;
  }
}
